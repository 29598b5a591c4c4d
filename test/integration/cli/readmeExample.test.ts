// The README's first command after set-up, as a user runs it: scripts/base-image.sh makes the
// busybox base image from Debian's busybox-static, `berth check` finds nothing wrong with
// examples/hello, `berth build` builds it and `berth run --rm` prints its greeting.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { repoRoot, startBerthd, type Berthd } from '../api/berthdProcess';
import { berth, runCommand } from '../build/buildDaemon';

describe('README example', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    requireRoot();
    requireTool('busybox', 'busybox-static');
    dir = scratchDir('berth-readme');
    daemon = await startBerthd(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
  });
  after(async () => {
    await daemon?.stop();
    if (dir) removeScratch(dir);
  });

  it('makes the base image, checks, builds and runs examples/hello', async () => {
    const base = await runCommand('bash', [join(repoRoot, 'scripts', 'base-image.sh')], { env });
    assert.equal(base.code, 0, base.stderr + base.stdout);
    assert.match(base.stdout, /busybox:1\.[0-9.]+ \(and busybox:latest\) made from BusyBox/);
    const again = await runCommand('bash', [join(repoRoot, 'scripts', 'base-image.sh')], { env });
    assert.match(again.stdout, /already in berth's image store/, 'a second run keeps the image');

    const example = join(repoRoot, 'examples', 'hello');
    const check = await berth(['check', join(example, 'Dockerfile')], { env });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, '', 'the example is clean under every rule');
    const build = await berth(['build', '-t', 'hello', example], { env });
    assert.equal(build.code, 0, build.stderr + build.stdout);
    assert.match(build.stdout, /Successfully tagged hello:latest\n$/);
    const run = await berth(['run', '--rm', 'hello'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Hello from Berth: built and run by berthd on Linux /);
  });
});
