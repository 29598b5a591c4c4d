import * as assert from 'node:assert/strict';
import { commitConfig, containerConfigJson, mergeCommitConfig } from '../../../engine/src/containerfs/commitConfig';
import type { ContainerConfig } from '../../../engine/src/runtime/containerConfig';

const container: ContainerConfig = {
  hostname: 'abc', domainname: '', user: '', env: ['PATH=/bin', 'A=1'], entrypoint: [], cmd: ['sh'], workingDir: '/', tty: false,
  openStdin: false, stdinOnce: false, labels: { from: 'image' }, stopSignal: 'SIGTERM', stopTimeout: 10, image: 'busybox',
  exposedPorts: ['80/tcp'], volumes: [],
};

describe('containerConfigJson', () => {
  it("leaves out the runtime's defaults the image did not set", () => {
    assert.deepEqual(containerConfigJson(container, {}), { ExposedPorts: { '80/tcp': {} }, Env: ['PATH=/bin', 'A=1'], Cmd: ['sh'], Labels: { from: 'image' } });
    assert.equal(containerConfigJson(container, { WorkingDir: '/', StopSignal: 'SIGTERM' }).WorkingDir, '/');
    assert.equal(containerConfigJson({ ...container, workingDir: '/app' }, {}).WorkingDir, '/app');
  });
});

describe('mergeCommitConfig', () => {
  it('fills what the commit config leaves empty from the container (moby merge)', () => {
    const merged = mergeCommitConfig({ Env: ['A=2', 'B=3'], Labels: { own: 'x' } }, { User: 'app', Env: ['PATH=/bin', 'A=1'], Cmd: ['sh'], Labels: { from: 'image' }, WorkingDir: '/w' });
    assert.deepEqual(merged, { User: 'app', Env: ['A=2', 'B=3', 'PATH=/bin'], Labels: { from: 'image', own: 'x' }, Cmd: ['sh'], WorkingDir: '/w' });
  });

  it('keeps an entrypoint without a command when the commit set one', () => {
    assert.deepEqual(mergeCommitConfig({ Entrypoint: ['/run'] }, { Cmd: ['sh'] }), { Entrypoint: ['/run'] });
  });
});

describe('commitConfig', () => {
  it('applies --change instructions to the container config', () => {
    const out = commitConfig(containerConfigJson(container, {}), undefined, ['ENV B=2', 'CMD ["echo", "hi"]', 'WORKDIR /srv', 'LABEL v=1', 'EXPOSE 8080', 'USER nobody']);
    assert.deepEqual(out.Env, ['PATH=/bin', 'A=1', 'B=2']);
    assert.deepEqual(out.Cmd, ['echo', 'hi']);
    assert.equal(out.WorkingDir, '/srv');
    assert.deepEqual(out.Labels, { from: 'image', v: '1' });
    assert.deepEqual(out.ExposedPorts, { '80/tcp': {}, '8080/tcp': {} });
    assert.equal(out.User, 'nobody');
  });

  it('drops the command when ENTRYPOINT comes before any CMD, as a Dockerfile does', () => {
    assert.equal(commitConfig({ Cmd: ['sh'] }, undefined, ['ENTRYPOINT ["/app"]']).Cmd, undefined);
    assert.deepEqual(commitConfig({ Cmd: ['sh'] }, undefined, ['CMD ["x"]', 'ENTRYPOINT ["/app"]']).Cmd, ['x']);
  });

  it('starts from the request config when one is given', () => {
    assert.deepEqual(commitConfig({ Cmd: ['sh'], Env: ['A=1'] }, { Cmd: ['other'] }, []), { Cmd: ['other'], Env: ['A=1'] });
  });

  it('refuses instructions a change cannot carry', () => {
    assert.throws(() => commitConfig({}, undefined, ['RUN rm -rf /']), /RUN is not a valid change command/);
  });
});
