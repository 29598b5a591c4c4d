import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidPort', () => {
  it('reports ports, ranges and protocols BuildKit refuses, with its messages', () => {
    assert.deepEqual(findings('InvalidPort', 'FROM alpine\nEXPOSE 80/tpc 70000 80-70 /tcp 80/tcp/udp -1 abc\n'), [
      '2:7-2:13 invalid port: "80/tpc": invalid proto: tpc',
      '2:14-2:19 invalid containerPort: 70000',
      '2:20-2:25 invalid containerPort: 80-70',
      '2:26-2:30 invalid port: "/tcp": no port specified',
      '2:31-2:41 invalid port: "80/tcp/udp": invalid proto: tcp/udp',
      '2:42-2:44 invalid containerPort: -1',
      '2:45-2:48 invalid containerPort: abc',
    ]);
  });

  it('reports bad host IPs, host ports and mismatched ranges', () => {
    assert.deepEqual(findings('InvalidPort', 'FROM alpine\nEXPOSE 1.2.3.256:80:80 x:80 80-81:90-92\n'), [
      '2:7-2:22 invalid IP address: 1.2.3.256',
      '2:23-2:27 invalid hostPort: x',
      '2:28-2:39 invalid ranges specified for container and host Ports: 90-92 and 80-81',
    ]);
  });

  it('checks values after expansion when they are certain', () => {
    assert.deepEqual(findings('InvalidPort', 'FROM scratch\nEXPOSE ${NOPE:-99999}\n'), ['2:7-2:21 invalid containerPort: 99999']);
    assertClean('InvalidPort', 'FROM alpine\nARG PORT=99999\nEXPOSE $PORT\nEXPOSE ${FROM_IMAGE}\n');
  });

  it('follows ENV lines of the Dockerfile, unless they depend on build arguments', () => {
    assert.deepEqual(findings('InvalidPort', 'FROM alpine\nENV PORT=8o8o\nEXPOSE $PORT\n'), ['3:7-3:12 invalid containerPort: 8o8o']);
    assert.deepEqual(findings('InvalidPort', 'FROM alpine\nENV BASE=70000 PORT=1\nENV PORT=${BASE}\nEXPOSE ${PORT}/tcp\n'), ['4:7-4:18 invalid containerPort: 70000']);
    assertClean('InvalidPort', 'FROM alpine\nARG P=x\nENV PORT=$P\nEXPOSE $PORT\n', 'FROM alpine\nENV PORT=80\nEXPOSE $PORT\n');
  });

  it('accepts what BuildKit accepts (host parts and upper case are BuildKit checks, not errors)', () => {
    assertClean('InvalidPort', 'FROM alpine\nEXPOSE 80 443/tcp 53/UDP 9000-9010/udp 132/sctp 0 65535 +8080 8080:80 127.0.0.1:8080:80 [::1]:80:80 ::1:80:80 7000-7005:8000 80-80\n');
  });

  it('fixes a misspelt protocol', () => {
    assertFixes('InvalidPort', 'FROM alpine\nEXPOSE 80/tpc\n', 'FROM alpine\nEXPOSE 80/tcp\n');
    assertFixes('InvalidPort', 'FROM alpine\nEXPOSE 53/UPD\n', 'FROM alpine\nEXPOSE 53/udp\n');
  });
});
