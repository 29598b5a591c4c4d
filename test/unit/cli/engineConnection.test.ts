import * as assert from 'node:assert/strict';
import { engineTarget } from '../../../engine/src/cli/engineConnection';
import { filtersJson, parseCommand, UsageError } from '../../../engine/src/cli/commandContext';

describe('engineTarget', () => {
  it('prefers --host, then BERTH_HOST, then DOCKER_HOST, then the default socket', () => {
    const env = { BERTH_HOST: 'unix:///tmp/b.sock', DOCKER_HOST: 'unix:///tmp/d.sock', BERTH_ROOT: '/tmp/broot' };
    assert.deepEqual(engineTarget({ host: 'unix:///tmp/h.sock' }, env).address, { kind: 'unix', path: '/tmp/h.sock' });
    assert.deepEqual(engineTarget({}, env).address, { kind: 'unix', path: '/tmp/b.sock' });
    assert.deepEqual(engineTarget({}, { DOCKER_HOST: 'tcp://127.0.0.1:2375' }).address, { kind: 'tcp', host: '127.0.0.1', port: 2375 });
  });

  it("manages (and may start) berth's own engines only, never DOCKER_HOST's", () => {
    assert.equal(engineTarget({}, { DOCKER_HOST: 'unix:///tmp/d.sock' }).managed, undefined);
    const own = engineTarget({ host: 'unix:///tmp/h.sock', root: '/tmp/r' }, {});
    assert.deepEqual(own.managed, { root: '/tmp/r', socket: '/tmp/h.sock', pidFile: '/tmp/r/berthd.pid', logFile: '/tmp/r/berthd.log' });
    assert.equal(engineTarget({ host: 'tcp://127.0.0.1:1' }, {}).managed, undefined);
    assert.equal(engineTarget({}, {}).managed?.socket, process.getuid?.() === 0 ? '/run/berth/berth.sock' : engineTarget({}, {}).managed?.socket);
  });

  it('rejects malformed addresses', () => {
    assert.throws(() => engineTarget({ host: 'unix://relative.sock' }, {}), /must be absolute/);
    assert.throws(() => engineTarget({ host: 'ftp://x' }, {}), /expected unix:\/\/\/path/);
  });
});

describe('parseCommand / filtersJson', () => {
  it('throws UsageError with the usage line for bad flags and argument counts', () => {
    assert.throws(() => parseCommand(['--nope'], {}, 'berth x'), (err) => err instanceof UsageError && err.usage === 'berth x');
    assert.throws(() => parseCommand([], {}, 'berth x', { min: 1 }), /requires at least 1 argument/);
    assert.throws(() => parseCommand(['a', 'b'], {}, 'berth x', { max: 1 }), /accepts at most 1 argument/);
  });

  it("turns --filter name=value into Docker's filters JSON", () => {
    assert.equal(filtersJson(['dangling=true', 'label=a=b', 'label=c'], 'u'), '{"dangling":["true"],"label":["a=b","c"]}');
    assert.equal(filtersJson([], 'u'), undefined);
    assert.throws(() => filtersJson(['oops'], 'u'), /bad format of filter/);
  });
});
