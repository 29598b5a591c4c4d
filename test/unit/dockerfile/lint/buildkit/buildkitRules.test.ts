import { strict as assert } from 'node:assert';
import { buildkitRules } from '../../../../../engine/src/dockerfile/lint/rules/buildkit';
import { allRules } from '../../../../../engine/src/dockerfile/lint/rules';
import { findings } from './checks';

const NAMES = [
  'StageNameCasing',
  'FromAsCasing',
  'NoEmptyContinuation',
  'ConsistentInstructionCasing',
  'DuplicateStageName',
  'ReservedStageName',
  'JSONArgsRecommended',
  'MaintainerDeprecated',
  'UndefinedArgInFrom',
  'WorkdirRelativePath',
  'UndefinedVar',
  'MultipleInstructionsDisallowed',
  'LegacyKeyValueFormat',
  'InvalidBaseImagePlatform',
  'RedundantTargetPlatform',
  'SecretsUsedInArgOrEnv',
  'InvalidDefaultArgInFrom',
  'FromPlatformFlagConstDisallowed',
  'CopyIgnoredFile',
  'InvalidDefinitionDescription',
  'ExposeProtoCasing',
  'ExposeInvalidFormat',
];

describe('buildkitRules', () => {
  it("registers BuildKit's 22 checks under BuildKit's names, in its order", () => {
    assert.deepEqual(
      buildkitRules.map((r) => r.id),
      NAMES,
    );
    for (const name of NAMES) assert.ok(allRules.some((r) => r.id === name), `${name} is not in allRules`);
  });

  it('makes them warnings of the buildkit category', () => {
    for (const rule of buildkitRules) {
      assert.equal(rule.category, 'buildkit', rule.id);
      assert.equal(rule.defaultSeverity, 'warning', rule.id);
    }
  });

  it('links each to its documentation page, except the one BuildKit publishes none for', () => {
    for (const rule of buildkitRules) {
      if (rule.id === 'InvalidBaseImagePlatform') assert.equal(rule.url, undefined);
      else assert.match(rule.url ?? '', /^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/, rule.id);
    }
    const kebab = (id: string) => id.replace(/^JSON/, 'Json').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
    for (const rule of buildkitRules) if (rule.url) assert.equal(rule.url, `https://docs.docker.com/go/dockerfile/rule/${kebab(rule.id)}/`);
  });

  it('marks only InvalidDefinitionDescription experimental', () => {
    assert.deepEqual(
      buildkitRules.filter((r) => r.experimental).map((r) => r.id),
      ['InvalidDefinitionDescription'],
    );
  });

  it('names the hadolint rules that report the same problems', () => {
    const pairs = Object.fromEntries(buildkitRules.filter((r) => r.equivalentTo).map((r) => [r.id, r.equivalentTo]));
    assert.deepEqual(pairs, {
      DuplicateStageName: ['DL3024'],
      JSONArgsRecommended: ['DL3025'],
      MaintainerDeprecated: ['DL4000'],
      WorkdirRelativePath: ['DL3000'],
      MultipleInstructionsDisallowed: ['DL4003', 'DL4004'],
    });
  });

  it('are all switched off by check=skip=all', () => {
    const noisy = '# check=skip=all\nFROM alpine AS Base\nfrom base as b\nMAINTAINER me\nCMD run\nENV a b\n';
    for (const id of NAMES) assert.deepEqual(findings(id, noisy), [], id);
  });
});
