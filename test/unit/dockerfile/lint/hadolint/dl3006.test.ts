import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl3006 (DL3006 untagged image)', () => {
  it('reports an untagged image on the image word', () => {
    for (const text of ['FROM debian\n', 'FROM debian AS builder\n', 'FROM --platform=linux/amd64 registry.example.com:5000/team/app\n']) {
      const [d] = catches('DL3006', text, 1);
      assert.equal(d.message, 'Always tag the version of an image explicitly');
      assert.equal(d.severity, 'warning');
      assert.ok(['debian', 'registry.example.com:5000/team/app'].includes(covered(text, d)));
    }
  });

  it('accepts tags, digests, scratch and variables', () => {
    for (const text of ['FROM ruby@sha256:f1dbca0f5dbc9\n', 'FROM ruby:2\n', 'FROM ${VALUE}\n', 'FROM $BASE\n', 'FROM scratch\n', 'FROM localhost:5000/app:1\n']) {
      catchesNot('DL3006', text);
    }
  });

  it('accepts earlier stage names, not other untagged images', () => {
    const ok = 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM build as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz\n';
    catchesNot('DL3006', ok);
    catchesNot('DL3006', onbuild(ok));
    const bad = 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM node as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz\n';
    assert.equal(catches('DL3006', bad, 1)[0].range.start.line, 2);
    catches('DL3006', onbuild(bad), 1);
  });

  it('does not take a later stage name for a stage', () => {
    catches('DL3006', 'FROM build\nFROM alpine:3 AS build\n', 1);
  });
});
