import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'UndefinedArgInFrom';

describe('UndefinedArgInFrom', () => {
  it('reports an undeclared variable in the image name, on the variable', () => {
    assert.deepEqual(findings(RULE, 'FROM node:22${VARIANT} AS jsbuilder\n'), ["1:13-1:23 FROM argument 'VARIANT' is not declared"]);
  });

  it('accepts global ARGs, with or without a value', () => {
    assert.deepEqual(findings(RULE, 'ARG VARIANT="-alpine3.20"\nFROM node:22${VARIANT} AS jsbuilder\n'), []);
    assert.deepEqual(findings(RULE, 'ARG DEBUG\nFROM scratch${DEBUG}\n'), []);
    assert.deepEqual(findings(RULE, 'ARG DEBUG\nFROM scra${DEBUG:-tch}\n'), []);
  });

  it('accepts the automatic platform ARGs', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=$BUILDPLATFORM golang AS build\nFROM alpine:${TARGETARCH}\n'), []);
  });

  it('reports a variable even when a default is given, as BuildKit does', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine:${TAG:-3.20}\n'), ["1:13-1:18 FROM argument 'TAG' is not declared"]);
  });

  it('does not count ARGs declared inside a stage', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nARG TAG=1\nFROM busybox:$TAG\n'), ["3:14-3:18 FROM argument 'TAG' is not declared"]);
  });

  it('suggests a close declared name and fixes the spelling', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=$BULIDPLATFORM scratch\n'), ["1:17-1:31 FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"]);
    const text = 'ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n';
    assert.deepEqual(findings(RULE, text), ["2:23-2:32 FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"]);
    assert.equal(fixed(RULE, text).text, 'ARG MY_ARCH=amd64\nFROM --platform=linux/${MY_ARCH} busybox\n');
  });

  it('reports each undeclared name', () => {
    assert.deepEqual(findings(RULE, 'ARG tag=latest\nFROM busybox:${tag}${version} AS b\n'), ["2:20-2:30 FROM argument 'version' is not declared"]);
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=UndefinedArgInFrom\nFROM alpine:$TAG\n'), []);
    assert.deepEqual(findings(RULE, '# check=skip=UndefinedArgInFrom\n\nFROM a\n# check=skip=UndefinedArgInFrom\nFROM alpine:$TAG\n'), []);
  });
});
