// A deterministic, realistic multi-stage Dockerfile of about the requested length: apt chains with
// continuations, downloads, COPY --from between stages, ARG/ENV/LABEL, HEALTHCHECK, EXPOSE, shell
// and JSON forms, and a few planted problems (one per stage, cycling through the kinds below) so
// both servers have something to report. Same seed, same bytes.

export interface DockerfileFixture {
  readonly lines: readonly string[];
  /** Zero-based line of every instruction's first line (continuation lines excluded). */
  readonly instructionLines: readonly number[];
  readonly stages: number;
  /** One entry per planted problem: "line 123: apt-get install without -y". */
  readonly plantedProblems: readonly string[];
}

/** mulberry32: tiny and seedable; only has to vary a fixture, not be strong. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const packages = ['ca-certificates', 'curl', 'git', 'build-essential', 'pkg-config', 'libssl-dev', 'python3',
  'python3-pip', 'unzip', 'xz-utils', 'jq', 'openssh-client', 'gnupg', 'tzdata', 'locales', 'make', 'cmake',
  'ninja-build', 'zlib1g-dev', 'libffi-dev', 'libyaml-dev', 'libpq-dev', 'netcat-openbsd', 'procps', 'rsync', 'tini'];
const bases = ['debian:12-slim', 'ubuntu:22.04', 'node:20-bookworm', 'python:3.12-slim', 'golang:1.22-bookworm'];

type Problem = 'apt-get install without -y' | 'FROM without a tag' | 'MAINTAINER (deprecated)' |
  'lowercase instruction' | 'undefined variable' | 'EXPOSE port out of range' | 'relative WORKDIR';
const problems: readonly Problem[] = ['apt-get install without -y', 'FROM without a tag', 'MAINTAINER (deprecated)',
  'lowercase instruction', 'undefined variable', 'EXPOSE port out of range', 'relative WORKDIR'];

export function generateDockerfile(targetLines: number, seed: number): DockerfileFixture {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const lines: string[] = [];
  const instructionLines: number[] = [];
  const plantedProblems: string[] = [];
  const instruction = (first: string, ...continuation: string[]): void => {
    instructionLines.push(lines.length);
    lines.push(first, ...continuation);
  };
  const plant = (problem: Problem, first: string, ...continuation: string[]): void => {
    plantedProblems.push(`line ${lines.length + 1}: ${problem}`);
    instruction(first, ...continuation);
  };

  lines.push('# syntax=docker/dockerfile:1.7', '# Generated benchmark Dockerfile (deterministic; see bench/lsp).');
  instruction('ARG BASE_IMAGE=debian:12-slim');
  instruction('ARG APP_VERSION=1.0.0');
  const stages: string[] = [];
  while (lines.length < targetLines - 16) {
    const index = stages.length;
    const name = `stage${index}`;
    const problem = problems[index % problems.length];
    const base = index === 0 ? '${BASE_IMAGE}' : random() < 0.3 ? stages[index - 1] : pick(bases);
    lines.push('');
    if (problem === 'FROM without a tag') plant(problem, `FROM ${base.split(':')[0]} AS ${name}`);
    else instruction(`FROM ${base} AS ${name}`);
    if (problem === 'MAINTAINER (deprecated)') plant(problem, 'MAINTAINER Bench <bench@example.invalid>');
    instruction('ARG TARGETARCH');
    instruction(`ARG BUILD_JOBS=${1 + Math.floor(random() * 8)}`);
    instruction('ENV DEBIAN_FRONTEND=noninteractive \\', '    LANG=C.UTF-8 \\',
      `    PATH=/opt/${name}/bin:$PATH \\`, `    ${name.toUpperCase()}_HOME=/opt/${name}`);
    instruction(`LABEL org.opencontainers.image.title="${name}" \\`,
      '      org.opencontainers.image.version="${APP_VERSION}"');
    if (problem === 'relative WORKDIR') plant(problem, `WORKDIR src/${name}`);
    else if (problem === 'undefined variable') plant(problem, `WORKDIR /src/\${UNDEFINED_DIR_${index}}`);
    else instruction(`WORKDIR /src/${name}`);

    // The apt problem goes into the stage's first apt chain (one is appended if the stage has none).
    let aptProblemPending = problem === 'apt-get install without -y';
    const aptChain = (): void => {
      const install = aptProblemPending ? '    apt-get install --no-install-recommends \\' : '    apt-get install -y --no-install-recommends \\';
      const chain = ['    apt-get update; \\', install];
      for (let i = 4 + Math.floor(random() * 8); i > 0; i--) chain.push(`        ${pick(packages)} \\`);
      chain.push('    ; \\', '    rm -rf /var/lib/apt/lists/*');
      if (aptProblemPending) plant('apt-get install without -y', 'RUN set -eux; \\', ...chain);
      else instruction('RUN set -eux; \\', ...chain);
      aptProblemPending = false;
    };
    const blocks = 5 + Math.floor(random() * 5);
    for (let block = 0; block < blocks && lines.length < targetLines - 18; block++) {
      const kind = random();
      if (kind < 0.4) {
        aptChain();
      } else if (kind < 0.6) {
        instruction(`RUN curl -fsSL https://example.invalid/${name}/tool-${block}.tar.gz -o /tmp/tool.tgz \\`,
          `    && mkdir -p /opt/${name}/tool${block} \\`,
          `    && tar -xzf /tmp/tool.tgz -C /opt/${name}/tool${block} --strip-components=1 \\`,
          '    && rm -f /tmp/tool.tgz');
      } else if (kind < 0.75) {
        instruction(`COPY --chown=1000:1000 src/${name}/part${block}/ ./part${block}/`);
        instruction(`RUN --mount=type=cache,target=/root/.cache make -C part${block} -j"\${BUILD_JOBS}" install DESTDIR=/out/${name}`);
      } else if (kind < 0.9) {
        instruction(`ENV FEATURE_${index}_${block}=enabled`);
        instruction(`ARG OPT_${index}_${block}=value${block}`);
        instruction(`RUN echo "feature ${block} -> \${OPT_${index}_${block}} on \${TARGETARCH}" >> /etc/features.txt`);
      } else {
        instruction(`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`);
        instruction(`RUN ["/bin/sh", "-c", "ls -la /opt/${name} | wc -l"]`);
      }
    }
    if (aptProblemPending) aptChain();
    if (problem === 'lowercase instruction') plant(problem, `run echo "stage ${index} built" > /tmp/${name}.txt`);
    if (index > 0) instruction(`COPY --from=${stages[index - 1]} /out/ /opt/prev/`);
    if (problem === 'EXPOSE port out of range') plant(problem, `EXPOSE ${80000 + index}`);
    else instruction(`EXPOSE ${8000 + index}/tcp`);
    if (index % 2 === 0) instruction(`HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -fsS http://localhost:${8000 + index}/health || exit 1`);
    instruction(index % 3 === 0 ? `CMD ["/opt/${name}/bin/run", "--jobs", "4"]` : `CMD /opt/${name}/bin/run --jobs 4`);
    stages.push(name);
  }

  lines.push('');
  instruction(`FROM ${pick(bases)} AS final`);
  for (const stage of stages.slice(-3)) instruction(`COPY --from=${stage} /out/ /opt/${stage}/`);
  instruction('RUN useradd --create-home app');
  instruction('USER app');
  instruction('HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "test -f /tmp/ready"]');
  instruction('ENTRYPOINT ["/usr/bin/tini", "--"]');
  instruction('CMD ["/opt/app/bin/server", "--port", "8080"]');
  return { lines, instructionLines, stages: stages.length + 1, plantedProblems };
}
