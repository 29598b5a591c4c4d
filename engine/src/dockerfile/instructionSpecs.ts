/**
 * What each Dockerfile instruction accepts: its argument forms, its flags with their value types
 * and allowed values, and a short description in Berth's words with a link to Docker's reference.
 * Flag names and value types follow BuildKit's frontend (instructions/parse.go and
 * commands_run*.go): a `bool` flag may be written bare or as `=true|false`, a `string` flag needs
 * `=value` and may appear once, a `strings` flag needs `=value` and may repeat. Completion, hover
 * and signature help read this table, and so do the syntax rules that check flags (flagKinds.ts):
 * it is the one list of what BuildKit's parser accepts. Pure data.
 */
import { RUN_MOUNT_SPEC } from './runMountSpecs';

export const DOCKERFILE_REFERENCE = 'https://docs.docker.com/reference/dockerfile/';

export type FlagValueType = 'bool' | 'string' | 'strings';

/** A value with what it means. */
export interface ValueSpec {
  readonly value: string;
  readonly doc: string;
}

export interface FlagSpec {
  /** The name without `--`. */
  readonly name: string;
  readonly type: FlagValueType;
  readonly doc: string;
  readonly url: string;
  /** How the value is written, for snippets and signatures (`<user>[:<group>]`). */
  readonly valueHint?: string;
  /** The only values BuildKit accepts (RUN --network). */
  readonly values?: readonly ValueSpec[];
  /** Typical values worth offering when any value of the right shape is accepted. */
  readonly examples?: readonly ValueSpec[];
  /** The Dockerfile syntax version that introduced the flag (`# syntax=docker/dockerfile:<since>`). */
  readonly since?: string;
  /** Only in the labs channel (`# syntax=docker/dockerfile:1-labs`). */
  readonly labs?: boolean;
}

/** A positional parameter of an argument form. `id` names its role for signature help. */
export interface ParameterSpec {
  readonly id: string;
  readonly label: string;
  readonly doc: string;
}

/** One way to write an instruction's arguments (after its flags). */
export interface FormSpec {
  /** Literal text and parameters, in order: the signature label is their concatenation. */
  readonly parts: readonly (string | ParameterSpec)[];
  /** The arguments as a snippet, with placeholders. */
  readonly snippet: string;
  /** Short label for completion lists ("src... dest"). */
  readonly label: string;
  /** The JSON (exec) form. */
  readonly json?: boolean;
  /** The instruction's flags do not apply to this form (HEALTHCHECK NONE). */
  readonly withoutFlags?: boolean;
  readonly doc?: string;
}

export interface InstructionSpec {
  /** Upper-case keyword. */
  readonly name: string;
  /** One sentence. */
  readonly summary: string;
  /** A paragraph in markdown. */
  readonly doc: string;
  readonly url: string;
  readonly flags: readonly FlagSpec[];
  readonly forms: readonly FormSpec[];
  /** Values worth offering for the first argument (signals, shells, label keys). */
  readonly argumentExamples?: readonly ValueSpec[];
  /** Whether it may be an ONBUILD trigger (BuildKit refuses FROM, MAINTAINER and ONBUILD). */
  readonly triggerAllowed: boolean;
  /** BuildKit never parses this instruction's flags: any `--x` is accepted and dropped (ARG, STOPSIGNAL). */
  readonly ignoresFlags?: boolean;
  readonly deprecated?: string;
}

const url = (anchor: string) => DOCKERFILE_REFERENCE + '#' + anchor;
const param = (id: string, label: string, doc: string): ParameterSpec => ({ id, label, doc });

const DURATION_EXAMPLES: readonly ValueSpec[] = [
  { value: '30s', doc: '30 seconds' },
  { value: '10s', doc: '10 seconds' },
  { value: '5s', doc: '5 seconds' },
  { value: '1m', doc: 'one minute' },
  { value: '5m', doc: 'five minutes' },
];

const BOOL_VALUES: readonly ValueSpec[] = [
  { value: 'true', doc: 'on (the same as writing the flag without a value)' },
  { value: 'false', doc: 'off' },
];

const chown = (instruction: string): FlagSpec => ({
  name: 'chown',
  type: 'string',
  valueHint: '<user>[:<group>]',
  doc: 'Owner of the copied files and directories, by name or numeric id. Names are looked up in the `/etc/passwd` and `/etc/group` of the image being built; without it everything is owned by 0:0.',
  url: url(`${instruction}---chown`),
});

const chmod = (instruction: string): FlagSpec => ({
  name: 'chmod',
  type: 'string',
  valueHint: '<perms>',
  doc: 'Permission bits of the copied files and directories: octal (`755`) or, from syntax 1.14, symbolic (`u=rwX,go=rX`). Not supported for Windows images.',
  url: url(`${instruction}---chmod`),
  since: '1.2',
  examples: [
    { value: '755', doc: 'rwxr-xr-x: executables and directories' },
    { value: '644', doc: 'rw-r--r--: ordinary files' },
    { value: '600', doc: 'rw-------: private files' },
    { value: '+x', doc: 'add the execute bit (symbolic, syntax 1.14+)' },
    { value: 'u=rwX,go=rX', doc: 'files 644, directories 755, keep existing execute bits (symbolic, syntax 1.14+)' },
  ],
});

const link = (instruction: string): FlagSpec => ({
  name: 'link',
  type: 'bool',
  doc: 'Copy into a layer of its own, independent of the layers below, so the result can be reused when earlier layers change and can be rebased without copying again.',
  url: url(`${instruction}---link`),
  since: '1.4',
  values: BOOL_VALUES,
});

const exclude = (instruction: string): FlagSpec => ({
  name: 'exclude',
  type: 'strings',
  valueHint: '<pattern>',
  doc: 'Leave out source paths matching this pattern (the syntax of .dockerignore). Repeat the flag for more patterns.',
  url: url(`${instruction}---exclude`),
  since: '1.19',
});

const healthFlag = (name: string, doc: string, examples: readonly ValueSpec[], hint = '<duration>'): FlagSpec => ({
  name,
  type: 'string',
  valueHint: hint,
  doc,
  url: url('healthcheck'),
  examples,
});

/** The two argument forms of COPY and ADD, which differ only in what a source can be. */
const copyForms = (sourcesDoc: string): FormSpec[] => [
  {
    parts: [param('src', '<src>...', sourcesDoc), ' ', param('dest', '<dest>', 'Destination in the image; relative to WORKDIR; a trailing `/` means a directory.')],
    snippet: '${1:src} ${2:dest}',
    label: 'src... dest',
  },
  {
    parts: ['[', param('src', '"<src>", ...', 'Sources as JSON strings (for paths with spaces).'), ', ', param('dest', '"<dest>"', 'Destination as a JSON string.'), ']'],
    snippet: '["${1:src}", "${2:dest}"]',
    label: '["src", "dest"]',
    json: true,
  },
];

const EXEC_FORM_PARTS = (first: string, firstDoc: string): (string | ParameterSpec)[] => [
  '[',
  param('executable', `"${first}"`, firstDoc),
  ', ',
  param('param', '"<param>"...', 'Further arguments, one JSON string each.'),
  ']',
];

export const INSTRUCTION_SPECS: readonly InstructionSpec[] = [
  {
    name: 'FROM',
    summary: 'Starts a build stage from a base image, `scratch`, or an earlier stage.',
    doc: 'Begins a new build stage. The stage builds on the given image (or on an empty filesystem with `scratch`, or on an earlier stage named with `AS`). Only ARGs declared before the first FROM can be used on this line.',
    url: url('from'),
    flags: [
      {
        name: 'platform',
        type: 'string',
        valueHint: '<platform>',
        doc: 'Platform of the base image, as `os/arch[/variant]`. Use `$BUILDPLATFORM` for stages that should run natively on the builder while cross-compiling for `$TARGETPLATFORM`.',
        url: url('from'),
        examples: [
          { value: '$BUILDPLATFORM', doc: 'the platform of the machine running the build' },
          { value: '$TARGETPLATFORM', doc: 'the platform the build produces (the default)' },
          { value: 'linux/amd64', doc: '64-bit x86' },
          { value: 'linux/arm64', doc: '64-bit ARM' },
          { value: 'linux/arm/v7', doc: '32-bit ARMv7' },
          { value: 'linux/arm/v6', doc: '32-bit ARMv6' },
          { value: 'linux/386', doc: '32-bit x86' },
          { value: 'linux/ppc64le', doc: 'POWER, little-endian' },
          { value: 'linux/s390x', doc: 'IBM Z' },
          { value: 'linux/riscv64', doc: '64-bit RISC-V' },
          { value: 'windows/amd64', doc: 'Windows on 64-bit x86' },
        ],
      },
    ],
    forms: [
      {
        parts: [param('image', '<image>', 'Base image reference (`name[:tag][@digest]`), `scratch`, or the name of an earlier stage.')],
        snippet: '${1:image}',
        label: 'image',
      },
      {
        parts: [
          param('image', '<image>', 'Base image reference (`name[:tag][@digest]`), `scratch`, or the name of an earlier stage.'),
          ' ',
          param('as', 'AS', 'Names the stage.'),
          ' ',
          param('name', '<name>', 'Stage name, for `FROM <name>`, `COPY --from=<name>`, `RUN --mount=from=<name>` and `--target`.'),
        ],
        snippet: '${1:image} AS ${2:name}',
        label: 'image AS name',
      },
    ],
    triggerAllowed: false,
  },
  {
    name: 'RUN',
    summary: 'Runs a command in a new layer on top of the current image.',
    doc: 'Runs a command on the image built so far and records the changes it makes as a new layer. The shell form runs through the stage\'s SHELL (`/bin/sh -c` by default); the exec form runs the program directly, without variable expansion. Here-documents (`<<EOF`) can hold multi-line scripts.',
    url: url('run'),
    flags: [
      {
        name: 'mount',
        type: 'strings',
        valueHint: 'type=<type>[,<key>=<value>...]',
        doc: 'Mounts a filesystem for this command only: files from the context or another stage (`bind`), a cache kept between builds (`cache`), a `tmpfs`, a build `secret`, or the SSH agent (`ssh`). Comma-separated `key=value` options; repeat the flag for several mounts.',
        url: url('run---mount'),
        since: '1.2',
        values: RUN_MOUNT_SPEC.types.map((t) => ({ value: `type=${t.type}`, doc: t.doc })),
      },
      {
        name: 'network',
        type: 'string',
        valueHint: '<default|none|host>',
        doc: 'Network access of the command.',
        url: url('run---network'),
        since: '1.3',
        values: [
          { value: 'default', doc: 'the build\'s default network' },
          { value: 'none', doc: 'no network at all: only loopback' },
          { value: 'host', doc: 'the host\'s network (needs the `network.host` entitlement)' },
        ],
      },
      {
        name: 'security',
        type: 'string',
        valueHint: '<sandbox|insecure>',
        doc: 'Run the command sandboxed (the default) or with elevated privileges, like `docker run --privileged`.',
        url: url('run---security'),
        since: '1.20',
        values: [
          { value: 'sandbox', doc: 'the usual sandbox (default)' },
          { value: 'insecure', doc: 'no sandbox; needs the `security.insecure` entitlement on the builder and the build' },
        ],
      },
      {
        name: 'device',
        type: 'strings',
        valueHint: '<name>[,required]',
        doc: 'Gives the command access to a CDI device by name (`vendor.com/class=name`); `required` fails the build when the device is missing. Repeatable.',
        url: url('run---device'),
        since: '1.14',
        labs: true,
      },
    ],
    forms: [
      { parts: [param('command', '<command>', 'Shell command line, run with the stage\'s SHELL.')], snippet: '${1:command}', label: 'command' },
      { parts: EXEC_FORM_PARTS('<executable>', 'Program to run, as a JSON string.'), snippet: '["${1:executable}"${2:, "${3:param}"}]', label: '["executable", "param"]', json: true },
    ],
    triggerAllowed: true,
  },
  {
    name: 'CMD',
    summary: 'Sets the default command of containers started from the image.',
    doc: 'Sets the command a container runs when none is given to `docker run`, or the default arguments of the ENTRYPOINT. Only the last CMD of the final stage counts. Nothing runs at build time.',
    url: url('cmd'),
    flags: [],
    forms: [
      { parts: EXEC_FORM_PARTS('<executable>', 'Program to run, as a JSON string.'), snippet: '["${1:executable}"${2:, "${3:param}"}]', label: '["executable", "param"]', json: true },
      { parts: ['[', param('param', '"<param>"...', 'Default arguments appended to the ENTRYPOINT.'), ']'], snippet: '["${1:param}"]', label: '["param"] (ENTRYPOINT arguments)', json: true },
      { parts: [param('command', '<command>', 'Shell command line, run with `/bin/sh -c` (or the SHELL).')], snippet: '${1:command}', label: 'command' },
    ],
    triggerAllowed: true,
  },
  {
    name: 'LABEL',
    summary: 'Adds key/value metadata to the image.',
    doc: 'Adds metadata to the image configuration. Values are expanded with the stage\'s variables; quote values with spaces. Labels of the base image are inherited and can be overridden.',
    url: url('label'),
    flags: [],
    forms: [
      {
        parts: [param('key', '<key>', 'Label name; reverse-DNS names such as `org.opencontainers.image.title` avoid clashes.'), '=', param('value', '<value>', 'Label value.'), ' ...'],
        snippet: '${1:key}="${2:value}"',
        label: 'key="value"',
      },
    ],
    argumentExamples: [
      { value: 'org.opencontainers.image.title', doc: 'human-readable title of the image' },
      { value: 'org.opencontainers.image.description', doc: 'human-readable description of the software' },
      { value: 'org.opencontainers.image.version', doc: 'version of the packaged software' },
      { value: 'org.opencontainers.image.revision', doc: 'source control revision' },
      { value: 'org.opencontainers.image.source', doc: 'URL of the source code' },
      { value: 'org.opencontainers.image.url', doc: 'URL with information about the image' },
      { value: 'org.opencontainers.image.documentation', doc: 'URL of the documentation' },
      { value: 'org.opencontainers.image.authors', doc: 'people or organisation responsible for the image' },
      { value: 'org.opencontainers.image.vendor', doc: 'distributing entity' },
      { value: 'org.opencontainers.image.licenses', doc: 'SPDX license expression' },
      { value: 'org.opencontainers.image.created', doc: 'creation date and time (RFC 3339)' },
      { value: 'org.opencontainers.image.base.name', doc: 'reference of the base image' },
    ],
    triggerAllowed: true,
  },
  {
    name: 'MAINTAINER',
    summary: 'Deprecated: sets the author field of the image.',
    doc: 'Sets the image\'s author field. Deprecated: use `LABEL org.opencontainers.image.authors="..."` instead.',
    url: url('maintainer-deprecated'),
    flags: [],
    forms: [{ parts: [param('name', '<name>', 'Author name and contact.')], snippet: '${1:name}', label: 'name' }],
    triggerAllowed: false,
    deprecated: 'Use LABEL org.opencontainers.image.authors instead.',
  },
  {
    name: 'EXPOSE',
    summary: 'Documents the ports the container listens on.',
    doc: 'Records which ports the application listens on, TCP unless `/udp` is given. It publishes nothing by itself: `docker run -p` or `-P` does that.',
    url: url('expose'),
    flags: [],
    forms: [
      {
        parts: [param('port', '<port>', 'Port number or range (`8000-8010`).'), '[/', param('protocol', '<protocol>', '`tcp` (default) or `udp`.'), '] ...'],
        snippet: '${1:port}',
        label: 'port',
      },
    ],
    triggerAllowed: true,
  },
  {
    name: 'ENV',
    summary: 'Sets environment variables for later instructions and for containers.',
    doc: 'Sets environment variables that later instructions of the stage see, that stages built FROM this one inherit, and that containers started from the image get. Values are expanded with the variables set before this line.',
    url: url('env'),
    flags: [],
    forms: [
      {
        parts: [param('key', '<key>', 'Variable name.'), '=', param('value', '<value>', 'Value; quote it when it holds spaces.'), ' ...'],
        snippet: '${1:key}=${2:value}',
        label: 'key=value',
      },
      {
        parts: [param('key', '<key>', 'Variable name.'), ' ', param('value', '<value>', 'The rest of the line. This legacy form sets a single variable.')],
        snippet: '${1:key} ${2:value}',
        label: 'key value (legacy)',
      },
    ],
    triggerAllowed: true,
  },
  {
    name: 'ADD',
    summary: 'Adds files from the context, URLs or Git repositories to the image.',
    doc: 'Copies files into the image like COPY, and also fetches URLs and Git repositories and unpacks local tar archives. Prefer COPY for plain files from the context.',
    url: url('add'),
    flags: [
      {
        name: 'keep-git-dir',
        type: 'bool',
        doc: 'Keep the `.git` directory when the source is a Git repository.',
        url: url('add---keep-git-dir'),
        since: '1.1',
        values: BOOL_VALUES,
      },
      {
        name: 'checksum',
        type: 'string',
        valueHint: '<hash>',
        doc: 'Verify a remote source: `sha256:<digest>` for a URL, a commit SHA (or prefix) for a Git repository.',
        url: url('add---checksum'),
        since: '1.6',
        examples: [{ value: 'sha256:', doc: 'SHA-256 digest of a downloaded file' }],
      },
      chmod('add'),
      chown('add'),
      link('add'),
      {
        name: 'unpack',
        type: 'bool',
        doc: 'Whether to extract tar archives: local archives are unpacked by default, remote ones are not.',
        url: url('add---unpack'),
        since: '1.17',
        values: BOOL_VALUES,
      },
      exclude('add'),
    ],
    forms: copyForms('Context paths (wildcards allowed), URLs or Git repositories.'),
    triggerAllowed: true,
  },
  {
    name: 'COPY',
    summary: 'Copies files from the build context, a stage or an image into the image.',
    doc: 'Copies files and directories into the image: from the build context (filtered by .dockerignore), or from an earlier stage, an image or a named context with `--from`.',
    url: url('copy'),
    flags: [
      {
        name: 'from',
        type: 'string',
        valueHint: '<stage|image|context>',
        doc: 'Copy from an earlier stage (by name or index), an image, or a named build context instead of the build context.',
        url: url('copy---from'),
      },
      chmod('copy'),
      chown('copy'),
      link('copy'),
      {
        name: 'parents',
        type: 'bool',
        doc: 'Keep the parent directories of the sources under the destination (`a/b/c.txt` lands in `<dest>/a/b/c.txt`); `/./` in a source marks where the kept part starts.',
        url: url('copy---parents'),
        since: '1.20',
        values: BOOL_VALUES,
      },
      exclude('copy'),
    ],
    forms: copyForms('Paths in the context (or the `--from` source); wildcards allowed.'),
    triggerAllowed: true,
  },
  {
    name: 'ENTRYPOINT',
    summary: 'Sets the program containers run; CMD supplies its default arguments.',
    doc: 'Makes the container run this program; CMD and `docker run` arguments are appended to it in the exec form. The shell form ignores CMD and runs under `/bin/sh -c`, so the program does not receive signals as PID 1.',
    url: url('entrypoint'),
    flags: [],
    forms: [
      { parts: EXEC_FORM_PARTS('<executable>', 'Program to run, as a JSON string.'), snippet: '["${1:executable}"${2:, "${3:param}"}]', label: '["executable", "param"]', json: true },
      { parts: [param('command', '<command>', 'Shell command line, run with `/bin/sh -c` (or the SHELL).')], snippet: '${1:command}', label: 'command' },
    ],
    triggerAllowed: true,
  },
  {
    name: 'VOLUME',
    summary: 'Declares mount points for external volumes.',
    doc: 'Marks directories as volumes: containers get an anonymous volume there unless one is mounted. Changes a later build step makes to these paths are kept in the image.',
    url: url('volume'),
    flags: [],
    forms: [
      { parts: [param('path', '<path>...', 'Directories in the image.')], snippet: '${1:/data}', label: 'path' },
      { parts: ['[', param('path', '"<path>", ...', 'Directories as JSON strings.'), ']'], snippet: '["${1:/data}"]', label: '["path"]', json: true },
    ],
    triggerAllowed: true,
  },
  {
    name: 'USER',
    summary: 'Sets the user (and group) for later instructions and containers.',
    doc: 'Sets the user, and optionally the group, that later RUN, CMD and ENTRYPOINT instructions of the stage and the container run as. Names must exist in the image; numeric ids need not.',
    url: url('user'),
    flags: [],
    forms: [
      {
        parts: [param('user', '<user>', 'User name or UID.'), '[:', param('group', '<group>', 'Group name or GID; the user\'s primary group when omitted.'), ']'],
        snippet: '${1:user}',
        label: 'user[:group]',
      },
    ],
    triggerAllowed: true,
  },
  {
    name: 'WORKDIR',
    summary: 'Sets the working directory for later instructions and containers.',
    doc: 'Sets the directory that later RUN, CMD, ENTRYPOINT, COPY and ADD instructions work in, creating it if needed. A relative path is resolved against the previous WORKDIR.',
    url: url('workdir'),
    flags: [],
    forms: [{ parts: [param('path', '<path>', 'Directory; absolute paths are clearer than relative ones.')], snippet: '${1:/path}', label: 'path' }],
    triggerAllowed: true,
  },
  {
    name: 'ARG',
    summary: 'Declares a build argument, optionally with a default.',
    doc: 'Declares a variable that `docker build --build-arg` can set. Before the first FROM it is global and usable only on FROM lines; inside a stage it is usable from the next line to the end of the stage (redeclare a global ARG without a value to use it in a stage). Values end up in the image history: do not pass secrets this way.',
    url: url('arg'),
    flags: [],
    forms: [
      { parts: [param('name', '<name>', 'Argument name.')], snippet: '${1:name}', label: 'name' },
      {
        parts: [param('name', '<name>', 'Argument name.'), '=', param('default', '<default>', 'Value used when the build does not set it.'), ' ...'],
        snippet: '${1:name}=${2:default}',
        label: 'name=default',
      },
    ],
    triggerAllowed: true,
    ignoresFlags: true,
  },
  {
    name: 'ONBUILD',
    summary: 'Adds an instruction that runs when the image is used as a base.',
    doc: 'Stores an instruction in the image; it runs at the start of any later build that uses this image as its base, as if it followed that build\'s FROM. FROM, MAINTAINER and ONBUILD cannot be triggers.',
    url: url('onbuild'),
    flags: [],
    forms: [{ parts: [param('instruction', '<INSTRUCTION>', 'The instruction to run in the downstream build, with its arguments.')], snippet: '${1:INSTRUCTION}', label: 'INSTRUCTION' }],
    triggerAllowed: false,
  },
  {
    name: 'STOPSIGNAL',
    summary: 'Sets the signal that stops the container.',
    doc: 'Sets the signal `docker stop` sends to the container\'s main process, by name (`SIGTERM`) or number (`9`). The default is SIGTERM.',
    url: url('stopsignal'),
    flags: [],
    forms: [{ parts: [param('signal', '<signal>', 'Signal name or number.')], snippet: '${1:SIGTERM}', label: 'signal' }],
    argumentExamples: [
      { value: 'SIGTERM', doc: 'polite termination request (the default)' },
      { value: 'SIGINT', doc: 'interrupt, as Ctrl-C sends' },
      { value: 'SIGQUIT', doc: 'quit; many servers finish requests first (nginx: graceful shutdown)' },
      { value: 'SIGHUP', doc: 'hang-up' },
      { value: 'SIGKILL', doc: 'immediate kill; cannot be handled' },
      { value: 'SIGUSR1', doc: 'user-defined signal 1' },
      { value: 'SIGUSR2', doc: 'user-defined signal 2' },
      { value: 'SIGWINCH', doc: 'window change; Apache httpd stops gracefully on it' },
      { value: 'SIGRTMIN+3', doc: 'systemd\'s shutdown signal, for systemd as PID 1' },
    ],
    triggerAllowed: true,
    ignoresFlags: true,
  },
  {
    name: 'HEALTHCHECK',
    summary: 'Sets the command that tells whether the container is healthy.',
    doc: 'Sets how the engine checks that the container still works: the command runs inside the container at each interval; exit status 0 means healthy, 1 unhealthy. `HEALTHCHECK NONE` turns off a check inherited from the base image. Only the last HEALTHCHECK counts.',
    url: url('healthcheck'),
    flags: [
      healthFlag('interval', 'Time between checks (default 30s).', DURATION_EXAMPLES),
      healthFlag('timeout', 'A check that runs longer than this fails (default 30s).', DURATION_EXAMPLES),
      healthFlag('start-period', 'Start-up time during which failures do not count against the retries (default 0s).', DURATION_EXAMPLES),
      healthFlag('start-interval', 'Time between checks during the start period (default 5s; Docker Engine 25 or later).', DURATION_EXAMPLES),
      healthFlag('retries', 'Consecutive failures before the container is unhealthy (default 3).', [
        { value: '3', doc: 'three consecutive failures' },
        { value: '5', doc: 'five consecutive failures' },
      ], '<n>'),
    ],
    forms: [
      {
        parts: [param('type', 'CMD', 'Check by running a command.'), ' ', param('command', '<command>', 'Shell command line or JSON exec array; exit 0 = healthy, 1 = unhealthy.')],
        snippet: 'CMD ${1:command}',
        label: 'CMD command',
      },
      { parts: [param('type', 'NONE', 'Disable any health check inherited from the base image.')], snippet: 'NONE', label: 'NONE', withoutFlags: true },
    ],
    triggerAllowed: true,
  },
  {
    name: 'SHELL',
    summary: 'Sets the shell that runs shell-form commands.',
    doc: 'Replaces the shell used by the shell form of later RUN, CMD and ENTRYPOINT instructions (default `["/bin/sh", "-c"]` on Linux, `["cmd", "/S", "/C"]` on Windows). Must be written in JSON form.',
    url: url('shell'),
    flags: [],
    forms: [{ parts: EXEC_FORM_PARTS('<executable>', 'The shell program.'), snippet: '["${1:/bin/sh}", "${2:-c}"]', label: '["executable", "param"]', json: true }],
    argumentExamples: [
      { value: '["/bin/bash", "-o", "pipefail", "-c"]', doc: 'bash; a pipeline fails when any command in it fails' },
      { value: '["/bin/bash", "-c"]', doc: 'bash' },
      { value: '["/bin/sh", "-c"]', doc: 'POSIX sh (the Linux default)' },
      { value: '["/bin/ash", "-eo", "pipefail", "-c"]', doc: 'BusyBox ash (Alpine), stopping on errors' },
      { value: '["pwsh", "-Command"]', doc: 'PowerShell 7' },
      { value: '["powershell", "-Command"]', doc: 'Windows PowerShell' },
      { value: '["cmd", "/S", "/C"]', doc: 'cmd.exe (the Windows default)' },
    ],
    triggerAllowed: true,
  },
];

const byName = new Map(INSTRUCTION_SPECS.map((s) => [s.name, s]));

/** The 18 instructions BuildKit knows, in alphabetical order (the order "did you mean" searches them). */
export const INSTRUCTION_NAMES: readonly string[] = INSTRUCTION_SPECS.map((s) => s.name).sort();

/** Whether BuildKit knows the instruction; `name` is upper-case, as `Instruction.name` is. */
export function isKnownInstruction(name: string): boolean {
  return byName.has(name);
}

/** The spec of an instruction, by keyword in any case. */
export function instructionSpec(name: string): InstructionSpec | undefined {
  return byName.get(name.toUpperCase());
}

/** A flag of an instruction; names are case-sensitive, as BuildKit reads them. */
export function flagSpec(instruction: string, flag: string): FlagSpec | undefined {
  return instructionSpec(instruction)?.flags.find((f) => f.name === flag);
}
