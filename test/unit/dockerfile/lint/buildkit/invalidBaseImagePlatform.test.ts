import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { computeScopes, Platform, ScopeOptions } from '../../../../../engine/src/dockerfile/scope';
import { computeStageGraph } from '../../../../../engine/src/dockerfile/stageGraph';
import { Finding, ImagePlatformCatalog, LintContext } from '../../../../../engine/src/dockerfile/lint/rule';
import { invalidBaseImagePlatform } from '../../../../../engine/src/dockerfile/lint/rules/buildkit/invalidBaseImagePlatform';
import { findings } from './checks';

/** Runs the rule with an engine catalog, as lint.ts passes one from LintOptions.imagePlatforms. */
function check(text: string, images: Record<string, Platform>, scope?: ScopeOptions): string[] {
  const model = parseDockerfile(text);
  const scopes = computeScopes(model, scope);
  const catalog: ImagePlatformCatalog = { platformOf: (reference) => images[reference] };
  const context: LintContext = { model, document: model, scopes, stageGraph: computeStageGraph(model, scopes), shellScripts: () => [], imagePlatforms: catalog };
  const out: Finding[] = [];
  invalidBaseImagePlatform.check(context, (f) => out.push(f));
  return out.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`);
}

const arm64: Platform = { os: 'linux', architecture: 'arm64' };
const amd64: Platform = { os: 'linux', architecture: 'amd64' };

describe('InvalidBaseImagePlatform', () => {
  it('reports a local base image of another platform than the target, on the image', () => {
    assert.deepEqual(check('FROM registry.local/app:1\nENV foo=bar\n', { 'registry.local/app:1': arm64 }), [
      '1:6-1:26 Base image registry.local/app:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
    ]);
  });

  it('compares with the stage --platform when there is one', () => {
    assert.deepEqual(check('FROM --platform=linux/arm64 alpine\n', { alpine: arm64 }), []);
    assert.deepEqual(check('FROM --platform=$BUILDPLATFORM alpine\n', { alpine: arm64 }, { buildPlatform: arm64, targetPlatform: amd64 }), []);
    assert.equal(check('FROM --platform=linux/arm64 alpine\n', { alpine: amd64 }).length, 1);
  });

  it('uses the target platform the scopes were computed for', () => {
    assert.deepEqual(check('FROM alpine\n', { alpine: arm64 }, { targetPlatform: arm64 }), []);
  });

  it('ignores variants and normalizes names', () => {
    assert.deepEqual(check('FROM alpine\n', { alpine: { os: 'linux', architecture: 'aarch64', variant: 'v8' } }, { targetPlatform: arm64 }), []);
    assert.deepEqual(check('FROM alpine\n', { alpine: { os: 'linux', architecture: 'arm', variant: 'v6' } }, { targetPlatform: { os: 'linux', architecture: 'arm', variant: 'v7' } }), []);
  });

  it('names the image after global ARG expansion', () => {
    assert.deepEqual(check('ARG TAG=3.20\nFROM alpine:$TAG\n', { 'alpine:3.20': arm64 }), [
      '2:6-2:17 Base image alpine:3.20 was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
    ]);
  });

  it('does not check scratch, stages, or images the engine does not have', () => {
    assert.deepEqual(check('FROM scratch AS a\nFROM a\nFROM unknown:1\n', { a: arm64, scratch: arm64 }), []);
  });

  it('stays quiet without an engine catalog', () => {
    assert.deepEqual(findings('InvalidBaseImagePlatform', 'FROM alpine\n'), []);
  });

  it('has no documentation address, as in BuildKit', () => {
    assert.equal(invalidBaseImagePlatform.url, undefined);
  });
});
