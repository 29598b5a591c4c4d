import * as assert from 'node:assert/strict';
import { applyConfigChanges } from '../../../engine/src/archive/configChanges';

describe('applyConfigChanges', () => {
  it('applies each allowed Dockerfile instruction as docker import --change does', () => {
    const config = applyConfigChanges({ Env: ['HOME=/root'] }, [
      'CMD echo $HOME', 'ENTRYPOINT ["/init"]', 'ENV A=1 B="two words"', 'ENV C=${A}x', 'USER app:app', 'WORKDIR /w/$A',
      'VOLUME /data /cache', 'VOLUME ["/json"]', 'EXPOSE 80 443/tcp', 'LABEL "com.example"="yes"', 'STOPSIGNAL SIGINT', 'ONBUILD RUN make',
    ]);
    assert.deepEqual(config, {
      Env: ['HOME=/root', 'A=1', 'B=two words', 'C=1x'],
      Cmd: ['/bin/sh', '-c', 'echo $HOME'],
      Entrypoint: ['/init'],
      User: 'app:app',
      WorkingDir: '/w/1',
      Volumes: { '/data': {}, '/cache': {}, '/json': {} },
      ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
      Labels: { 'com.example': 'yes' },
      StopSignal: 'SIGINT',
      OnBuild: ['RUN make'],
    });
  });

  it('refuses instructions a change cannot carry, and more than one per change', () => {
    assert.throws(() => applyConfigChanges({}, ['RUN make']), /RUN is not a valid change command/);
    assert.throws(() => applyConfigChanges({}, ['FROM scratch']), /FROM is not a valid change command/);
    assert.throws(() => applyConfigChanges({}, ['CMD a\nCMD b']), /expected one Dockerfile instruction/);
    assert.throws(() => applyConfigChanges({}, ['']), /expected one Dockerfile instruction/);
  });
});
