import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeScopes } from '../../../engine/src/dockerfile/scope';
import { computeStageGraph, stagesNeeded } from '../../../engine/src/dockerfile/stageGraph';

const text = [
  'ARG BASE=alpine',
  'ARG TAG',
  'FROM ${BASE}:${TAG:-3.20} AS base',
  'ENV APP=/app',
  'ARG BASE',
  'ARG LOCAL=x-$APP',
  'ENV P1=$LOCAL P2=$P1',
  'FROM base AS child',
  'RUN echo $APP $LOCAL',
  'FROM scratch',
  'COPY --from=child /a /a',
  'RUN --mount=type=cache,from=base,target=/c true',
].join('\n');

describe('computeScopes', () => {
  const model = parseDockerfile(text);

  it('expands FROM with global ARGs only', () => {
    const scopes = computeScopes(model);
    assert.equal(scopes.stages[0].base.value, 'alpine:3.20');
    assert.equal(scopes.stages[0].base.kind, 'image');
    assert.equal(scopes.stages[1].base.kind, 'stage');
    assert.equal(scopes.stages[1].base.stage, 0);
    assert.equal(scopes.stages[2].base.kind, 'scratch');
  });

  it('scopes ARG and ENV as Docker does', () => {
    const scopes = computeScopes(model);
    const s0 = scopes.stages[0];
    const afterEnv = s0.before[1];
    assert.equal(afterEnv.get('APP')?.value, '/app');
    assert.equal(afterEnv.get('BASE'), undefined, 'a global ARG is not visible in a stage until redeclared');
    assert.equal(s0.before[2].get('BASE')?.value, 'alpine', 'redeclared without a value, it takes the global value');
    assert.equal(s0.before[3].get('LOCAL')?.value, 'x-/app');
    assert.equal(s0.after.get('P1')?.value, 'x-/app');
    assert.equal(s0.after.get('P2')?.value, '', 'values of one ENV line do not see each other');
    const child = scopes.stages[1].before[0];
    assert.equal(child.get('APP')?.value, '/app', 'ENV is inherited from the parent stage');
    assert.equal(child.get('LOCAL')?.value, 'x-/app', "BuildKit carries the parent's ARG values into the child");
    assert.ok(child.get('PATH'), 'PATH is always set');
    assert.equal(scopes.stages[0].baseEnvKnown, false);
    assert.equal(scopes.stages[1].baseEnvKnown, false, 'built on a stage whose base image env is unknown');
    assert.equal(scopes.stages[2].baseEnvKnown, true);
  });

  it('gives build arguments precedence over defaults', () => {
    const scopes = computeScopes(model, { buildArgs: new Map([['TAG', 'edge'], ['LOCAL', 'cli']]) });
    assert.equal(scopes.stages[0].base.value, 'alpine:edge');
    assert.equal(scopes.stages[0].before[3].get('LOCAL')?.value, 'cli');
  });

  it('defines BuildKit\'s automatic ARGs, which build arguments override', () => {
    const m = parseDockerfile('FROM alpine\n');
    const global = computeScopes(m, { target: 'final', buildArgs: new Map([['TARGETARCH', 'riscv64']]) }).global;
    assert.equal(global.get('TARGETSTAGE')?.value, 'final');
    assert.equal(global.get('TARGETARCH')?.value, 'riscv64');
    assert.equal(global.get('BUILDOSVERSION')?.value, '');
    assert.equal(computeScopes(m).global.get('TARGETSTAGE')?.value, 'default');
  });

  it('reports global ARGs a FROM line uses without a value', () => {
    const m = parseDockerfile('ARG IMG\nFROM $IMG\n');
    assert.deepEqual(computeScopes(m).stages[0].base.unmatched, ['IMG']);
  });
});

describe('computeStageGraph', () => {
  it('links FROM, COPY --from and RUN --mount from= to their stages', () => {
    const model = parseDockerfile(text);
    const graph = computeStageGraph(model, computeScopes(model));
    assert.deepEqual(graph.dependencies, [[], [0], [1, 0]]);
    assert.deepEqual(stagesNeeded(graph, 2), [0, 1, 2]);
    assert.deepEqual(stagesNeeded(graph, 0), [0]);
  });
});
