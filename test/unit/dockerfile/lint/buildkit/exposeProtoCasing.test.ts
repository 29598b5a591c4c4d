import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'ExposeProtoCasing';

describe('ExposeProtoCasing', () => {
  it('reports each port whose protocol is not lower case, on the port', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n'), [
      "2:8-2:14 Defined protocol '80/TcP' in EXPOSE instruction should be lowercase",
      "2:15-2:23 Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase",
    ]);
  });

  it('accepts lower-case and omitted protocols', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nEXPOSE 80/tcp 53/udp 9000 1000-1010/sctp\n'), []);
  });

  it('checks ports after expansion', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nARG PROTO=UDP\nEXPOSE 53/$PROTO\n'), ["3:8-3:17 Defined protocol '53/UDP' in EXPOSE instruction should be lowercase"]);
  });

  it('leaves specifications the builder rejects alone', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nEXPOSE 80/HTTP\n'), []);
  });

  it('lower-cases the protocol', () => {
    const result = fixed(RULE, 'FROM alpine\nEXPOSE 80/TcP\n');
    assert.equal(result.text, 'FROM alpine\nEXPOSE 80/tcp\n');
    assert.equal(result.preferred, true);
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=ExposeProtoCasing\nFROM alpine\nEXPOSE 80/TCP\n'), []);
    assert.deepEqual(findings(RULE, 'FROM alpine\n# check=skip=ExposeProtoCasing\nEXPOSE 80/TCP\n'), []);
  });
});
