import { strict as assert } from 'node:assert';
import { DOCKERFILE_REFERENCE, flagSpec, INSTRUCTION_NAMES, INSTRUCTION_SPECS, instructionSpec } from '../../../engine/src/dockerfile/instructionSpecs';
import { mountKeySpec, mountTypeSpec, RUN_MOUNT_SPEC } from '../../../engine/src/dockerfile/runMountSpecs';
import { CHECK_OPTION_SPECS, DIRECTIVE_SPECS, directiveSpec } from '../../../engine/src/dockerfile/directiveSpecs';
import { flagKindsOf } from '../../../engine/src/dockerfile/lint/rules/syntax/flagKinds';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';

/** BuildKit's frontend (instructions/parse.go, commands_run*.go): the flags each instruction registers. */
const BUILDKIT_FLAGS: Record<string, Record<string, 'bool' | 'string' | 'strings'>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' },
  COPY: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' },
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

describe('instructionSpecs', () => {
  it('describes exactly the 18 instructions BuildKit knows', () => {
    const buildkit = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];
    assert.deepEqual(INSTRUCTION_SPECS.map((s) => s.name).sort(), buildkit);
  });

  it('has the flags and value types BuildKit registers, and no others', () => {
    for (const spec of INSTRUCTION_SPECS) {
      const flags = Object.fromEntries(spec.flags.map((f) => [f.name, f.type]));
      assert.deepEqual(flags, BUILDKIT_FLAGS[spec.name] ?? {}, spec.name);
    }
  });

  it('agrees with the flag table of the syntax lint rules (flagKinds.ts)', () => {
    assert.deepEqual(INSTRUCTION_SPECS.map((s) => s.name).sort(), [...INSTRUCTION_NAMES].sort());
    for (const spec of INSTRUCTION_SPECS) {
      const kinds = flagKindsOf(parseDockerfile(`FROM scratch\n${spec.name} x\n`).instructions[1]);
      if (!kinds) continue; // ARG and STOPSIGNAL: BuildKit never parses their flags
      assert.deepEqual(Object.fromEntries(spec.flags.map((f) => [f.name, f.type])), Object.fromEntries(kinds), spec.name);
    }
  });

  it('gives every instruction and flag a summary, a doc and a link into Docker\'s reference', () => {
    for (const spec of INSTRUCTION_SPECS) {
      assert.ok(spec.summary.length > 10 && spec.doc.length > 40, spec.name);
      assert.ok(spec.url.startsWith(DOCKERFILE_REFERENCE + '#'), spec.url);
      for (const flag of spec.flags) {
        assert.ok(flag.doc.length > 20, `${spec.name} --${flag.name}`);
        assert.ok(flag.url.startsWith(DOCKERFILE_REFERENCE + '#'), flag.url);
        if (flag.type !== 'bool') assert.ok(flag.valueHint, `${spec.name} --${flag.name} needs a value hint`);
      }
    }
  });

  it('lists the enumerations BuildKit accepts', () => {
    assert.deepEqual(flagSpec('RUN', 'network')?.values?.map((v) => v.value), ['default', 'none', 'host']);
    assert.deepEqual(flagSpec('RUN', 'security')?.values?.map((v) => v.value), ['sandbox', 'insecure']);
    assert.deepEqual(flagSpec('COPY', 'link')?.values?.map((v) => v.value), ['true', 'false']);
    assert.deepEqual(flagSpec('RUN', 'mount')?.values?.map((v) => v.value), ['type=bind', 'type=cache', 'type=tmpfs', 'type=secret', 'type=ssh']);
    assert.ok(flagSpec('FROM', 'platform')?.examples?.some((e) => e.value === '$BUILDPLATFORM'));
    assert.equal(flagSpec('RUN', 'device')?.labs, true);
  });

  it('looks instructions up in any case and flags case-sensitively, as BuildKit does', () => {
    assert.equal(instructionSpec('copy')?.name, 'COPY');
    assert.equal(flagSpec('copy', 'from')?.name, 'from');
    assert.equal(flagSpec('COPY', 'FROM'), undefined);
    assert.equal(flagSpec('COPY', 'platform'), undefined);
    assert.equal(instructionSpec('RUNX'), undefined);
  });

  it('builds signature labels from the forms, with a parameter for each role', () => {
    const copy = instructionSpec('COPY')!;
    const text = copy.forms.map((f) => f.parts.map((p) => (typeof p === 'string' ? p : p.label)).join(''));
    assert.deepEqual(text, ['<src>... <dest>', '["<src>", ..., "<dest>"]']);
    for (const spec of INSTRUCTION_SPECS) {
      assert.ok(spec.forms.length > 0, spec.name);
      for (const form of spec.forms) {
        assert.ok(form.parts.some((p) => typeof p !== 'string'), `${spec.name} ${form.label} has no parameter`);
        // Snippet placeholders are numbered from 1 and their braces balance.
        const opened = (form.snippet.match(/\$\{/g) ?? []).length;
        const closed = (form.snippet.match(/\}/g) ?? []).length;
        assert.equal(opened, closed, `${spec.name} snippet ${form.snippet}`);
      }
    }
  });

  it('keeps FROM, MAINTAINER and ONBUILD out of ONBUILD triggers', () => {
    assert.deepEqual(INSTRUCTION_SPECS.filter((s) => !s.triggerAllowed).map((s) => s.name).sort(), ['FROM', 'MAINTAINER', 'ONBUILD']);
  });
});

describe('runMountSpecs', () => {
  it('has BuildKit\'s five mount types', () => {
    assert.deepEqual(RUN_MOUNT_SPEC.types.map((t) => t.type), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    assert.equal(mountTypeSpec('CACHE')?.type, 'cache');
  });

  it('gives each type only the keys BuildKit accepts for it', () => {
    const keys = (type: string) => mountTypeSpec(type)!.keys.map((k) => k.name);
    // parseMount: `required` only for secret and ssh, `size` only for tmpfs, `sharing` only for cache,
    // mode/uid/gid only for cache, secret and ssh; a secret takes no `from`, ssh no `source`.
    for (const t of RUN_MOUNT_SPEC.types) {
      assert.equal(keys(t.type).includes('required'), t.type === 'secret' || t.type === 'ssh', `${t.type} required`);
      assert.equal(keys(t.type).includes('size'), t.type === 'tmpfs', `${t.type} size`);
      assert.equal(keys(t.type).includes('sharing'), t.type === 'cache', `${t.type} sharing`);
      assert.equal(keys(t.type).includes('mode'), ['cache', 'secret', 'ssh'].includes(t.type), `${t.type} mode`);
    }
    assert.ok(!keys('secret').includes('from'));
    assert.ok(!keys('ssh').includes('source'));
    const allowed = new Set(['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env']);
    for (const t of RUN_MOUNT_SPEC.types) for (const k of t.keys) for (const name of [k.name, ...k.aliases]) assert.ok(allowed.has(name), `${t.type} ${name}`);
  });

  it('finds keys by alias, case-insensitively, and knows `type` for every type', () => {
    assert.equal(mountKeySpec('bind', 'dst')?.name, 'target');
    assert.equal(mountKeySpec('cache', 'RO')?.name, 'readonly');
    assert.equal(mountKeySpec('ssh', 'type')?.name, 'type');
    assert.equal(mountKeySpec('tmpfs', 'sharing'), undefined);
    assert.deepEqual(mountKeySpec('cache', 'sharing')?.values?.map((v) => v.value), ['shared', 'private', 'locked']);
  });
});

describe('directiveSpecs', () => {
  it('describes the syntax, escape and check directives', () => {
    assert.deepEqual(DIRECTIVE_SPECS.map((d) => d.name), ['syntax', 'escape', 'check']);
    assert.deepEqual(directiveSpec('ESCAPE')?.values.map((v) => v.value), ['\\', '`']);
    assert.deepEqual(CHECK_OPTION_SPECS.map((o) => o.name), ['skip', 'error', 'experimental']);
    assert.equal(directiveSpec('platform'), undefined);
  });
});
