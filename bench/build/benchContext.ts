// The build context both builders read: a small service's source tree (a few hundred files in
// config/, lib/, src/ and assets/, plus files a .dockerignore leaves out) and two Dockerfiles:
//  - app.Dockerfile, one stage as services are usually written: base, ENV/WORKDIR, a RUN that sets
//    up a user, the slow-changing files first (config/, lib/) with a RUN indexing them, the sources
//    last with a RUN that "builds" them, EXPOSE and CMD;
//  - multi.Dockerfile, two independent stages (assets bundled, server sources joined) and a final
//    stage that takes one result from each with COPY --from.
// The files are generated from their index (no randomness): same tree, same bytes, every run.
// Each image's CMD prints checksums of what its RUN steps produced, so two builders that did the
// same work print the same lines.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BenchDockerfile {
  /** Short name for the report and the image tag. */
  readonly name: string;
  /** File name inside the context (passed with -f). */
  readonly file: string;
  readonly description: string;
}

export const benchDockerfiles: readonly BenchDockerfile[] = [
  { name: 'app', file: 'app.Dockerfile', description: 'single stage: ENV, WORKDIR, 3 COPY, 3 RUN, USER, EXPOSE, CMD' },
  { name: 'multi', file: 'multi.Dockerfile', description: 'two independent stages + a final stage with two COPY --from' },
];

const appDockerfile = `# A service image: slow-changing files first, the sources last, so an edit rebuilds only the tail.
FROM busybox:latest
ENV APP_HOME=/srv/app \\
    APP_ENV=production \\
    PORT=8080
WORKDIR /srv/app
RUN echo 'svc:x:990:990:service:/srv/app:/bin/false' >> /etc/passwd \\
 && echo 'svc:x:990:' >> /etc/group \\
 && mkdir -p /var/log/app /srv/app/dist && chown svc:svc /var/log/app
COPY config/ ./config/
COPY lib/ ./lib/
RUN find lib -type f | sort > lib.index \\
 && wc -l < lib.index > lib.count \\
 && cat $(cat lib.index) | md5sum | cut -d' ' -f1 > lib.sum
COPY src/ ./src/
RUN cat $(find src -type f -name '*.js' | sort) > dist/app.js \\
 && { echo "env $APP_ENV port $PORT"; \\
      echo "lib files $(cat lib.count) sum $(cat lib.sum)"; \\
      echo "src files $(find src -type f | wc -l)"; \\
      md5sum dist/app.js config/*.conf; } > dist/build.info
USER svc
EXPOSE 8080
CMD ["sh", "-c", "cat /srv/app/dist/build.info && id -un"]
`;

const multiDockerfile = `# Two independent stages (a builder may run them in parallel) and a small final image.
FROM busybox:latest AS assets
WORKDIR /build
COPY assets/ ./assets/
RUN find assets -type f | sort > assets.index \\
 && cat $(cat assets.index) | gzip -9 > assets.bundle.gz \\
 && md5sum assets.bundle.gz > assets.sum

FROM busybox:latest AS server
WORKDIR /build
COPY lib/ ./lib/
COPY src/ ./src/
RUN cat $(find lib src -type f -name '*.js' | sort) > server.js \\
 && md5sum server.js > server.sum

FROM busybox:latest
ENV APP_ENV=production
WORKDIR /app
COPY --from=assets /build/assets.bundle.gz /build/assets.sum ./
COPY --from=server /build/server.js /build/server.sum ./
CMD ["sh", "-c", "cat assets.sum server.sum && wc -c < server.js"]
`;

/** The file the one-file change edits: a source copied by the last COPY of both Dockerfiles. */
export const changedFile = join('src', 'routes', 'orders.js');

function line(kind: string, index: number, n: number): string {
  return `export function ${kind}${index}_${n}(input) { return { ${kind}: ${index}, step: ${n}, value: String(input).padStart(${(index + n) % 17}, '0') }; }\n`;
}

/** A module of 10 to 60 lines, deterministic from its place in the tree. */
function moduleText(kind: string, index: number): string {
  let text = `// ${kind} module ${index}\n'use strict';\n`;
  for (let n = 0; n < 10 + ((index * 7) % 51); n++) text += line(kind, index, n);
  return text;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export interface ContextStats {
  readonly files: number;
  readonly bytes: number;
}

/** Writes the context into `root` (a fresh directory); returns how many files and bytes it holds. */
export function writeBenchContext(root: string): ContextStats {
  const files = new Map<string, string>();
  files.set('app.Dockerfile', appDockerfile);
  files.set('multi.Dockerfile', multiDockerfile);
  files.set('.dockerignore', '.git\nnode_modules\n**/*.log\ncoverage/\n');
  for (const name of ['app', 'database', 'cache', 'logging']) files.set(`config/${name}.conf`, `[${name}]\nenabled = true\nlevel = ${name.length}\n`);
  // lib/: 240 modules in 12 packages (the dependencies: rarely change)
  for (let p = 0; p < 12; p++) {
    files.set(`lib/pkg${p}/package.json`, `{ "name": "pkg${p}", "version": "1.${p}.0", "main": "index.js" }\n`);
    for (let m = 0; m < 20; m++) files.set(`lib/pkg${p}/${m === 0 ? 'index' : `mod${m}`}.js`, moduleText(`lib${p}`, m));
  }
  // src/: 48 modules in 4 folders (the service's own code: what gets edited)
  for (const [f, folder] of ['routes', 'models', 'services', 'views'].entries()) {
    for (let m = 0; m < 12; m++) files.set(`src/${folder}/${folder}${m}.js`, moduleText(folder, f * 12 + m));
  }
  files.set(changedFile, `${moduleText('orders', 0)}export const revision = 0;\n`);
  // assets/: 80 stylesheets and templates
  for (let a = 0; a < 80; a++) files.set(`assets/${a % 2 === 0 ? 'css' : 'templates'}/asset${a}.${a % 2 === 0 ? 'css' : 'html'}`, `/* asset ${a} */\n${'.rule { color: #abc; }\n'.repeat(5 + (a % 30))}`);
  // left out by .dockerignore, so both builders must apply it
  files.set('logs/debug.log', 'x'.repeat(200_000));
  files.set('node_modules/ignored/index.js', 'module.exports = 1;\n');
  let bytes = 0;
  for (const [path, text] of files) {
    write(root, path, text);
    bytes += Buffer.byteLength(text);
  }
  return { files: files.size, bytes };
}

/** The one-file change of a trial: new contents for `changedFile`, never seen before in this run. */
export function changeOneFile(root: string, revision: number): void {
  const path = join(root, changedFile);
  const text = readFileSync(path, 'utf8').replace(/export const revision = \d+;\n$/, `export const revision = ${revision};\n`);
  writeFileSync(path, text);
}
