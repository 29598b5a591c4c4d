import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'FromAsCasing';

describe('FromAsCasing', () => {
  it('reports a lower-case as after an upper-case FROM, on the as', () => {
    assert.deepEqual(findings(RULE, 'FROM debian:latest as builder\n'), ["1:20-1:22 'as' and 'FROM' keywords' casing do not match"]);
  });

  it('reports an upper-case AS after a lower-case from', () => {
    assert.deepEqual(findings(RULE, 'from scratch AS base\nfrom scratch as other\n'), ["1:14-1:16 'AS' and 'from' keywords' casing do not match"]);
  });

  it('accepts matching casing in either style', () => {
    assert.deepEqual(findings(RULE, 'FROM debian:latest AS deb-builder\nfrom debian:latest as other\n'), []);
  });

  it('leaves a mixed-case FROM to ConsistentInstructionCasing', () => {
    assert.deepEqual(findings(RULE, 'From scratch as base\nFrom scratch AS other\n'), []);
  });

  it('fixes the casing of AS to match FROM', () => {
    const result = fixed(RULE, 'FROM debian:latest as builder\nRUN true\n');
    assert.equal(result.text, 'FROM debian:latest AS builder\nRUN true\n');
    assert.equal(result.preferred, true);
    assert.equal(fixed(RULE, 'from scratch As base\n').text, 'from scratch as base\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=FromAsCasing\nFROM scratch as base\n'), []);
    assert.deepEqual(findings(RULE, '# check=skip=FromAsCasing\n\nFROM scratch AS a\n# check=skip=FromAsCasing\nFROM scratch as base\n'), []);
  });
});
