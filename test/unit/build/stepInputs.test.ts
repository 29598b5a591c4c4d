import { strict as assert } from 'node:assert';
import { parseChmod } from '../../../engine/src/build/chmodSpec';
import { destinationPath } from '../../../engine/src/build/copyStep';
import { historyTimes } from '../../../engine/src/build/imageOutput';
import { hasWildcards, isBadPattern, matchElement } from '../../../engine/src/build/pathPattern';
import { isHttpSource, parseChecksum, remoteFileName } from '../../../engine/src/build/remoteSource';
import { parseRunMount } from '../../../engine/src/build/runMounts';
import { normalizeWorkdir } from '../../../engine/src/build/stageBuild';

describe('destinationPath (BuildKit pathRelativeToWorkingDir)', () => {
  it('resolves against WORKDIR and keeps a trailing slash', () => {
    assert.equal(destinationPath('/app', 'x'), '/app/x');
    assert.equal(destinationPath('/app', 'x/'), '/app/x/');
    assert.equal(destinationPath('/app', '.'), '/app/');
    assert.equal(destinationPath('/app', './'), '/app/');
    assert.equal(destinationPath('/app', '/abs/../y'), '/y');
    assert.equal(destinationPath('', 'rel'), '/rel');
    assert.equal(destinationPath('/', '/'), '/');
  });
});

describe('normalizeWorkdir (system.NormalizeWorkdir)', () => {
  it('joins relative paths to the current directory and cleans', () => {
    assert.equal(normalizeWorkdir('', 'app'), '/app');
    assert.equal(normalizeWorkdir('/app', 'sub/'), '/app/sub');
    assert.equal(normalizeWorkdir('/app', '../srv'), '/srv');
    assert.equal(normalizeWorkdir('/app', '/'), '/');
    assert.throws(() => normalizeWorkdir('/', ''), /cannot normalize nothing/);
  });
});

describe('parseChmod', () => {
  it('applies octal modes to everything and symbolic modes per entry', () => {
    assert.equal(parseChmod('')?.(0o644, false), undefined);
    assert.equal(parseChmod('755')!(0o600, false), 0o755);
    assert.equal(parseChmod('0640')!(0o777, true), 0o640);
    assert.equal(parseChmod('u+x')!(0o644, false), 0o744);
    assert.equal(parseChmod('go-w,a+r')!(0o666, false), 0o644);
    assert.equal(parseChmod('a=rX')!(0o700, true), 0o555);
    assert.equal(parseChmod('a=rX')!(0o600, false), 0o444);
    assert.equal(parseChmod('u+s')!(0o755, false), 0o4755);
    assert.equal(parseChmod('g=u')!(0o750, false), 0o770);
    assert.throws(() => parseChmod('10000'), /between 0 and 07777/);
    assert.throws(() => parseChmod('q+x'), /invalid chmod parameter/);
  });
});

describe('pathPattern', () => {
  it('matches one path element like filepath.Match', () => {
    assert.ok(matchElement('*.txt', 'a.txt'));
    assert.ok(!matchElement('*.txt', 'a.txt.bak'));
    assert.ok(matchElement('file?.md', 'file1.md'));
    assert.ok(matchElement('[a-c]*', 'banana'));
    assert.ok(!matchElement('[^a-c]*', 'banana'));
    assert.ok(matchElement('\\*', '*'));
    assert.ok(hasWildcards('src/*.js') && !hasWildcards('src/\\*.js'));
    assert.ok(isBadPattern('[a-'));
  });
});

describe('parseRunMount', () => {
  const expand = (t: string) => t.replace('$DIR', '/var/cache/apt');
  it('reads types, aliases, defaults and expanded values', () => {
    assert.deepEqual(parseRunMount('type=cache,target=$DIR,sharing=locked', expand, '/'), {
      type: 'cache', target: '/var/cache/apt', source: '', readOnly: false, id: '/var/cache/apt', sharing: 'locked', required: false,
    });
    assert.deepEqual(parseRunMount('src=data,dst=rel', expand, '/work'), { type: 'bind', target: '/work/rel', source: 'data', readOnly: true, id: '', sharing: 'shared', required: false });
    const secret = parseRunMount('type=secret,id=npmrc,env=NPM_TOKEN,required', expand, '/');
    assert.deepEqual([secret.target, secret.mode, secret.required, secret.env], ['/run/secrets/npmrc', 0o400, true, 'NPM_TOKEN']);
    assert.equal(parseRunMount('type=tmpfs,target=/t,size=64m', expand, '/').sizeBytes, 64 * 1024 * 1024);
    assert.equal(parseRunMount('type=bind,target=/x,rw', expand, '/').readOnly, false);
    assert.equal(parseRunMount('type=cache,target=/c,mode=0700,uid=1000', expand, '/').mode, 0o700);
  });
  it('refuses what BuildKit refuses', () => {
    assert.throws(() => parseRunMount('type=cache,target=/c,size=1', expand, '/'), /unexpected key 'size'/);
    assert.throws(() => parseRunMount('type=bind', expand, '/'), /target is required/);
    assert.throws(() => parseRunMount('type=nfs,target=/x', expand, '/'), /unsupported mount type "nfs"/);
    assert.throws(() => parseRunMount('type=cache,target=/', expand, '/'), /invalid mount target/);
  });
});

describe('remote sources', () => {
  it('names downloads as BuildKit does and checks checksums', () => {
    assert.equal(remoteFileName('https://example.com/a/b.tar.gz?x=1'), 'b.tar.gz');
    assert.equal(remoteFileName('https://example.com/'), '__unnamed__');
    assert.ok(isHttpSource('http://h/x') && !isHttpSource('https://github.com/o/r.git') && !isHttpSource('./http'));
    assert.equal(parseChecksum(`sha256:${'a'.repeat(64)}`), `sha256:${'a'.repeat(64)}`);
    assert.throws(() => parseChecksum('md5:abc'), /invalid checksum digest format/);
  });
});

describe('historyTimes (BuildKit normalizeLayersAndHistory)', () => {
  it('gives config-only entries the time of the layer before them, or of the first new layer', () => {
    const created = new Map([['k1', '2026-01-02T00:00:00Z'], ['k3', '2026-01-03T00:00:00Z']]);
    const times = historyTimes([
      { created: '2025-01-01T00:00:00Z', created_by: 'base' },
      { created_by: 'ENV A=1', empty_layer: true, stepKey: 'k0' },
      { created_by: 'COPY a /a', stepKey: 'k1' },
      { created_by: 'LABEL x=1', empty_layer: true, stepKey: 'k2' },
      { created_by: 'RUN x', stepKey: 'k3' },
    ], created).map((h) => h.created);
    assert.deepEqual(times, ['2025-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z']);
  });

  it('clamps this build\'s entries to SOURCE_DATE_EPOCH, keeping the base image\'s', () => {
    const times = historyTimes([{ created: '2025-01-01T00:00:00Z', created_by: 'base' }, { created_by: 'COPY', stepKey: 'k' }], new Map([['k', '2026-05-05T00:00:00Z']]), 1_700_000_000);
    assert.deepEqual(times.map((h) => h.created), ['2025-01-01T00:00:00Z', '2023-11-14T22:13:20.000Z']);
  });
});
