import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'ExposeInvalidFormat';

describe('ExposeInvalidFormat', () => {
  it('reports addresses and host ports, on the port', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n'), [
      "2:8-2:23 EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
      "2:24-2:39 EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080'",
      "2:40-2:49 EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'",
    ]);
  });

  it('accepts plain ports and ranges', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nEXPOSE 80 443/tcp 8000-8010\n'), []);
  });

  it('keeps only the container port and protocol', () => {
    const result = fixed(RULE, 'FROM alpine\nEXPOSE 127.0.0.1:8080:80/udp\n');
    assert.equal(result.text, 'FROM alpine\nEXPOSE 80/udp\n');
    assert.equal(result.preferred, true);
    assert.equal(fixed(RULE, 'FROM alpine\nEXPOSE [::1]:8080:8080\n').text, 'FROM alpine\nEXPOSE 8080\n');
  });

  it('reports a mapping built by expansion without offering to rewrite the variable', () => {
    const text = 'FROM alpine\nARG MAP=80:80\nEXPOSE $MAP\n';
    assert.deepEqual(findings(RULE, text), ["3:8-3:12 EXPOSE instruction should not define an IP address or host-port mapping, found '80:80'"]);
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=ExposeInvalidFormat\nFROM alpine\nEXPOSE 80:80\n'), []);
    assert.deepEqual(findings(RULE, 'FROM alpine\n# check=skip=ExposeInvalidFormat\nEXPOSE 80:80\n'), []);
  });
});
