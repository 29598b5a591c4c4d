import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';

describe('dl3007 (DL3007 latest tag)', () => {
  it('reports an explicit latest tag', () => {
    for (const text of ['FROM debian:latest\n', 'FROM debian:latest AS builder\n']) {
      const [d] = catches('DL3007', text, 1);
      assert.equal(covered(text, d), 'debian:latest');
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag');
    }
  });

  it('accepts other tags and digests, with or without latest', () => {
    catchesNot('DL3007', 'FROM debian:jessie\n');
    catchesNot('DL3007', 'FROM debian:jessie AS builder\n');
    catchesNot('DL3007', 'FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n');
    catchesNot('DL3007', 'FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n');
    catchesNot('DL3007', 'FROM localhost:5000/latest\n');
  });
});
