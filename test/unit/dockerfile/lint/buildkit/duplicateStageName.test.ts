import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'DuplicateStageName';

describe('DuplicateStageName', () => {
  it('reports the later stage that reuses a name, on its name', () => {
    const text = 'FROM debian:latest AS builder\nRUN apt-get update\n\nFROM golang:latest AS builder\n';
    assert.deepEqual(findings(RULE, text), ['4:23-4:30 Duplicate stage name "builder", stage names should be unique']);
  });

  it('compares names without regard to case and reports them lower-cased', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch AS Base\nFROM scratch AS BASE\n'), ['2:17-2:21 Duplicate stage name "base", stage names should be unique']);
  });

  it('reports every repetition', () => {
    assert.equal(findings(RULE, 'FROM scratch AS b\nFROM scratch AS b\nFROM scratch AS b\n').length, 2);
  });

  it('accepts unique names and unnamed stages', () => {
    assert.deepEqual(findings(RULE, 'FROM debian AS deb-builder\nFROM golang AS go-builder\nFROM scratch\nFROM scratch\n'), []);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'FROM scratch AS b\nFROM scratch AS b\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=DuplicateStageName\nFROM scratch AS b\nFROM scratch AS b\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch AS b\n# check=skip=DuplicateStageName\nFROM scratch AS b\n'), []);
  });
});
