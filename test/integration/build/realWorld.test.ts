// Real-world Dockerfiles built by `berth build` on berthd and run with `berth run`: a multi-stage
// build on the busybox base image; a Debian base image made by debootstrap from Debian's packages
// with a RUN apt-get install through the container network; and a Node app whose RUN npm ci
// reaches the npm registry, built in one stage and copied into a slimmer one. The built images run
// and do what their CMD says.
//
// Slow by nature (apt and npm downloads; debootstrap once per machine, cached under
// BERTH_TEST_CACHE). Prerequisites are checked first and fail with what is missing: root, crun,
// conmon, debootstrap, deb.debian.org, registry.npmjs.org.
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { debianTar, importDebian } from '../../fixtures/build/debianBase';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { berth, berthdForBuilds, buildLeftovers, type CliResult } from './buildDaemon';

/** The npm registry must answer over HTTPS from this host (containers reach it through the bridge's NAT). */
function npmRegistryAnswers(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request('https://registry.npmjs.org/ms', { method: 'HEAD', timeout: 20_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 20 s')));
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}

function writeTree(root: string, files: Record<string, string>): string {
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  return root;
}

const nodePackage = `{
  "name": "berth-node-app",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "ms": "2.1.3"
  }
}
`;

const nodeLock = `{
  "name": "berth-node-app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "berth-node-app",
      "version": "1.0.0",
      "dependencies": {
        "ms": "2.1.3"
      }
    },
    "node_modules/ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="
    }
  }
}
`;

describe('real-world builds: busybox, Debian by debootstrap, a Node app with npm ci', function () {
  this.timeout(20 * 60_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;

  const build = async (ctx: string, tag: string): Promise<CliResult> => {
    const r = await berth(['build', '-t', tag, '.'], { env, cwd: ctx });
    assert.equal(r.code, 0, `berth build -t ${tag} failed (${r.code}):\n${r.stderr}\n${r.stdout.slice(-4000)}`);
    return r;
  };
  const run = async (image: string, ...args: string[]): Promise<string> => {
    const r = await berth(['run', '--rm', image, ...args], { env });
    assert.equal(r.code, 0, `berth run ${image} failed (${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };

  before(async () => {
    dir = scratchDir('real-world');
    daemon = await berthdForBuilds(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it('busybox: a multi-stage build copies what one stage made into the next; the image runs its CMD', async () => {
    const ctx = writeTree(join(dir, 'busybox'), {
      Dockerfile: [
        'FROM busybox AS generate',
        'WORKDIR /out',
        'RUN for n in 1 2 3; do echo "line $n" >> lines.txt; done && wc -l < lines.txt > count.txt',
        '',
        'FROM busybox AS script',
        'COPY report.sh /usr/local/bin/report',
        'RUN chmod 0755 /usr/local/bin/report',
        '',
        'FROM busybox',
        'COPY --from=generate /out /data',
        'COPY --from=script /usr/local/bin/report /usr/local/bin/report',
        'USER 1000',
        'CMD ["report"]',
        '',
      ].join('\n'),
      'report.sh': '#!/bin/sh\necho "$(cat /data/count.txt) lines, last: $(tail -n 1 /data/lines.txt), as $(id -u)"\n',
    });
    await build(ctx, 'real-busybox');
    assert.equal(await run('real-busybox'), '3 lines, last: line 3, as 1000\n');
  });

  it('Debian from debootstrap: RUN apt-get install through the container network; the installed tool runs', async () => {
    debianTar(); // debootstrap once per machine (fails naming what is missing), then the cached tar
    await importDebian(daemon.socket, 'debian:bookworm');
    const ctx = writeTree(join(dir, 'debian'), {
      Dockerfile: [
        'FROM debian:bookworm',
        'RUN apt-get update \\',
        ' && apt-get install -y --no-install-recommends jq \\',
        ' && rm -rf /var/lib/apt/lists/*',
        'COPY data.json /data.json',
        'CMD ["jq", "-r", ".built + \\" by \\" + .with", "/data.json"]',
        '',
      ].join('\n'),
      'data.json': '{"built": "jq installed with apt", "with": "berth"}\n',
    });
    const r = await build(ctx, 'real-debian');
    assert.match(r.stdout, /Setting up jq /);
    assert.equal(await run('real-debian'), 'jq installed with apt by berth\n');
  });

  it('a Node app: RUN npm ci reaches the npm registry in a build stage, the app is copied into a runtime stage and runs', async () => {
    const problem = await npmRegistryAnswers();
    if (problem) throw new Error(`the npm registry https://registry.npmjs.org does not answer from this host (${problem}): the Node app's RUN npm ci cannot work`);
    const ctx = writeTree(join(dir, 'node'), {
      Dockerfile: [
        'FROM debian:bookworm AS build',
        'RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*',
        // the host's CA bundle: where the registry is reached through an intercepting proxy, its CA is in there
        'COPY ca-certificates.crt /etc/ssl/certs/host-ca-certificates.crt',
        'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-certificates.crt',
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        'RUN npm ci --omit=dev --no-audit --no-fund',
        'COPY index.js ./',
        '',
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y --no-install-recommends nodejs && rm -rf /var/lib/apt/lists/*',
        'COPY --from=build /app /app',
        'WORKDIR /app',
        'CMD ["node", "index.js"]',
        '',
      ].join('\n'),
      'package.json': nodePackage,
      'package-lock.json': nodeLock,
      'index.js': "const ms = require('ms');\nconsole.log(`90 seconds is ${ms(90000)}; 2h is ${ms('2h')} ms`);\n",
    });
    const bundle = '/etc/ssl/certs/ca-certificates.crt';
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: apt-get install ca-certificates (the build hands the host's CA bundle to npm)`);
    copyFileSync(bundle, join(ctx, 'ca-certificates.crt'));
    const r = await build(ctx, 'real-node');
    assert.match(r.stdout, /Step 7\/13 : RUN npm ci --omit=dev --no-audit --no-fund\n(.*\n)*?added 1 package/);
    assert.equal(await run('real-node'), '90 seconds is 2m; 2h is 7200000 ms\n');
    // the runtime stage has node but not npm: only the app came over from the build stage
    assert.equal((await berth(['run', '--rm', 'real-node', 'sh', '-c', 'command -v npm || echo no npm'], { env })).stdout, 'no npm\n');
    assert.deepEqual(await buildLeftovers(daemon), []);
  });
});
