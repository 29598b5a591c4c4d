import * as assert from 'node:assert/strict';
import { parseRestartPolicy, restartDelayMs, shouldRestart, startsWithDaemon, validateRestartPolicy } from '../../../engine/src/runtime/restartPolicy';

describe('parseRestartPolicy', () => {
  it('reads the four policies and on-failure\'s count', () => {
    assert.deepEqual(parseRestartPolicy('no'), { name: 'no' });
    assert.deepEqual(parseRestartPolicy('always'), { name: 'always' });
    assert.deepEqual(parseRestartPolicy('unless-stopped'), { name: 'unless-stopped' });
    assert.deepEqual(parseRestartPolicy('on-failure:3'), { name: 'on-failure', maximumRetryCount: 3 });
    assert.throws(() => parseRestartPolicy('sometimes'), /invalid restart policy sometimes/);
    assert.throws(() => parseRestartPolicy('always:2'), /only on-failure takes a maximum retry count/);
    assert.throws(() => validateRestartPolicy({ name: 'always' }, true), /Conflicting options: --restart and --rm/);
  });
});

describe('shouldRestart', () => {
  const facts = (exitCode: number, restartCount = 0, manuallyStopped = false) => ({ exitCode, restartCount, manuallyStopped });
  it('follows the policy, never after a manual stop', () => {
    assert.equal(shouldRestart({ name: 'no' }, facts(1)), false);
    assert.equal(shouldRestart({ name: 'always' }, facts(0)), true);
    assert.equal(shouldRestart({ name: 'always' }, facts(0, 0, true)), false);
    assert.equal(shouldRestart({ name: 'unless-stopped' }, facts(3)), true);
    assert.equal(shouldRestart({ name: 'on-failure' }, facts(0)), false);
    assert.equal(shouldRestart({ name: 'on-failure', maximumRetryCount: 2 }, facts(1, 1)), true);
    assert.equal(shouldRestart({ name: 'on-failure', maximumRetryCount: 2 }, facts(1, 2)), false);
  });
  it('starts always (even stopped) and unless-stopped (not stopped) containers with the daemon', () => {
    assert.equal(startsWithDaemon({ name: 'always' }, true), true);
    assert.equal(startsWithDaemon({ name: 'unless-stopped' }, true), false);
    assert.equal(startsWithDaemon({ name: 'unless-stopped' }, false), true);
    assert.equal(startsWithDaemon({ name: 'on-failure' }, false), false);
  });
  it('backs off from 100 ms, doubling, capped at a minute', () => {
    assert.deepEqual([0, 1, 2, 20].map(restartDelayMs), [100, 200, 400, 60000]);
  });
});
