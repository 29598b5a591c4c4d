// Platforms (image-spec image-index.md) with containerd's platforms package semantics: parse
// specifiers (`os[(version[+feature]...)][/arch[/variant]]`, or a lone OS or architecture),
// normalise the common aliases (aarch64 → arm64, x86_64 → amd64, armhf → arm/v7, armel → arm/v6,
// i386 → 386, macos → darwin), format, and match an index entry against the wanted platform. Pulls,
// builds and the Dockerfile lint rules all read platforms through this module.
import { berthError } from './berthError';
import { asObject, readOptionalString, readOptionalStringArray, readString, type JsonObject } from './jsonFields';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
  readonly osFeatures?: readonly string[];
}

/** containerd's known values (database.go, from Go's syslist); only a lone specifier is checked against them. */
const KNOWN_OS = new Set('aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos'.split(' '));
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm'.split(' '),
);

/** containerd's specifier grammar; the sources are its Go patterns, letter for letter. */
export const PLATFORM_OS_PATTERN = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
export const PLATFORM_COMPONENT_PATTERN = /^[A-Za-z0-9_.-]+$/;

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** containerd's normalizeArch: canonical architecture names and the variants they imply. */
export function normalizeArchitecture(architecture: string, variant = ''): { architecture: string; variant: string | undefined } {
  const arch = architecture.toLowerCase();
  const v = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      return { architecture: '386', variant: undefined };
    case 'x86_64': case 'x86-64': case 'amd64':
      return { architecture: 'amd64', variant: v === 'v1' || v === '' ? undefined : v };
    case 'aarch64': case 'arm64':
      if (v === '8' || v === 'v8' || v === 'v8.0') return { architecture: 'arm64', variant: undefined };
      return { architecture: 'arm64', variant: v === '9' || v === '9.0' || v === 'v9.0' ? 'v9' : v || undefined };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      if (v === '' || v === '7') return { architecture: 'arm', variant: 'v7' };
      return { architecture: 'arm', variant: v === '5' || v === '6' || v === '8' ? 'v' + v : v };
    default:
      return { architecture: arch, variant: v || undefined };
  }
}

/** containerd's Normalize: OS and architecture in canonical form, OS features sorted once each. */
export function normalizePlatform(platform: Platform): Platform {
  const { architecture, variant } = normalizeArchitecture(platform.architecture, platform.variant);
  const features = platform.osFeatures && [...new Set(platform.osFeatures)].sort();
  return { ...platform, os: normalizeOs(platform.os), architecture, variant, ...(features ? { osFeatures: features } : {}) };
}

/** Why containerd's platforms.Parse refuses a specifier; the messages are the callers' to word. */
export type PlatformSpecifierError =
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'invalid-os-component'; readonly component: string }
  | { readonly kind: 'invalid-component'; readonly component: string }
  /** An OS version or feature with a `%` that does not start a two-digit hex escape. */
  | { readonly kind: 'invalid-os-version' | 'invalid-os-feature'; readonly value: string; readonly escape: string }
  | { readonly kind: 'unknown-os-or-architecture' }
  | { readonly kind: 'too-many-components' };

/**
 * containerd's platforms.Parse. `host` fills what a lone OS or architecture leaves out: containerd
 * takes the machine it runs on (the default here); a build passes its build or target platform.
 * The result is normalised as Parse does it: `linux/arm64/v8` keeps its variant, `linux/arm/v7` too.
 */
export function parsePlatformSpecifier(specifier: string, host: Platform = hostPlatform()): { platform: Platform } | { error: PlatformSpecifierError } {
  if (specifier.includes('*')) return { error: { kind: 'wildcard' } };
  const parts = splitN(specifier, '/', 4);
  const osMatch = PLATFORM_OS_PATTERN.exec(parts[0]);
  if (!osMatch) return { error: { kind: 'invalid-os-component', component: parts[0] } };
  const osVersion = unescapeOsOption(osMatch[2] ?? '');
  if ('escape' in osVersion) return { error: { kind: 'invalid-os-version', value: osMatch[2], escape: osVersion.escape } };
  const osFeatures: string[] = [];
  for (const raw of osMatch[3] ? osMatch[3].slice(1).split('+') : []) {
    const feature = unescapeOsOption(raw);
    if ('escape' in feature) return { error: { kind: 'invalid-os-feature', value: raw, escape: feature.escape } };
    if (feature.value) osFeatures.push(feature.value);
  }
  const bad = parts.slice(1).find((part) => !PLATFORM_COMPONENT_PATTERN.test(part));
  if (bad !== undefined) return { error: { kind: 'invalid-component', component: bad } };
  const osPart: Platform = { os: normalizeOs(osMatch[1]), architecture: '', ...(osVersion.value ? { osVersion: osVersion.value } : {}), ...(osFeatures.length ? { osFeatures } : {}) };
  if (parts.length === 1) {
    if (KNOWN_OS.has(osPart.os)) return { platform: { ...osPart, architecture: host.architecture, variant: host.variant } };
    const arch = withoutDefaultArmVariant(normalizeArchitecture(parts[0]));
    if (KNOWN_ARCH.has(arch.architecture)) return { platform: { ...osPart, os: host.os, ...arch } };
    return { error: { kind: 'unknown-os-or-architecture' } };
  }
  if (parts.length === 2) return { platform: { ...osPart, ...withoutDefaultArmVariant(normalizeArchitecture(parts[1])) } };
  if (parts.length === 3) {
    const arch = normalizeArchitecture(parts[1], parts[2]);
    return { platform: { ...osPart, architecture: arch.architecture, variant: arch.architecture === 'arm64' && !arch.variant ? 'v8' : arch.variant } };
  }
  return { error: { kind: 'too-many-components' } };
}

function withoutDefaultArmVariant(arch: { architecture: string; variant: string | undefined }): { architecture: string; variant: string | undefined } {
  return arch.architecture === 'arm' && arch.variant === 'v7' ? { architecture: 'arm', variant: undefined } : arch;
}

/** Go's strings.SplitN. */
function splitN(text: string, separator: string, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  for (let at = rest.indexOf(separator); out.length < n - 1 && at >= 0; at = rest.indexOf(separator)) {
    out.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  out.push(rest);
  return out;
}

/** url.PathUnescape, which containerd applies to an OS version or feature holding a `%` (ASCII by the grammar). */
function unescapeOsOption(text: string): { value: string } | { escape: string } {
  if (!text.includes('%')) return { value: text };
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      bytes.push(text.charCodeAt(i));
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { escape: text.slice(i, i + 3) };
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return { value: new TextDecoder().decode(new Uint8Array(bytes)) };
}

/** The engine's own platform arguments: `os/arch[/variant]`, normalised. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw berthError('invalid-argument', `invalid platform ${JSON.stringify(text)}: expected os/arch[/variant], e.g. linux/amd64`);
  }
  const parsed = parsePlatformSpecifier(text, { os: '', architecture: '' });
  if ('error' in parsed) throw berthError('invalid-argument', `invalid platform ${JSON.stringify(text)}: ${problem(parsed.error)}; expected os/arch[/variant], e.g. linux/amd64`);
  return normalizePlatform(parsed.platform);
}

function problem(error: PlatformSpecifierError): string {
  if (error.kind === 'wildcard') return 'wildcards are not supported';
  if ('component' in error) return `${JSON.stringify(error.component)} is not a valid name`;
  if ('escape' in error) return `${JSON.stringify(error.escape)} is not a valid %-escape`;
  return 'it cannot be parsed';
}

/** containerd's Format: `os/arch[/variant]`, "unknown" without an OS. */
export function formatPlatform(platform: Platform): string {
  if (!platform.os) return 'unknown';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The platform this process runs on, in OCI terms. */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return normalizePlatform({ os: process.platform, architecture: arch[process.arch] ?? process.arch });
}

/** Same OS and architecture, and the wanted variant if it names one (both sides normalised). */
export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  const a = normalizePlatform(candidate);
  const b = normalizePlatform(wanted);
  return a.os === b.os && a.architecture === b.architecture && (b.variant === undefined || a.variant === b.variant);
}

export function readPlatform(value: unknown, where: string): Platform {
  const obj: JsonObject = asObject(value, where);
  const variant = readOptionalString(obj, 'variant', where);
  const osVersion = readOptionalString(obj, 'os.version', where);
  const osFeatures = readOptionalStringArray(obj, 'os.features', where);
  return {
    os: readString(obj, 'os', where),
    architecture: readString(obj, 'architecture', where),
    ...(variant === undefined ? {} : { variant }),
    ...(osVersion === undefined ? {} : { osVersion }),
    ...(osFeatures === undefined ? {} : { osFeatures }),
  };
}

export function readPlatformField(obj: JsonObject, where: string): Platform | undefined {
  return obj.platform === undefined ? undefined : readPlatform(obj.platform, `${where}: platform`);
}

/** The JSON shape of a platform inside descriptors (`os.version`, `os.features`). */
export function formatPlatformJson(p: Platform): Record<string, unknown> {
  return {
    architecture: p.architecture,
    os: p.os,
    ...(p.osVersion === undefined ? {} : { 'os.version': p.osVersion }),
    ...(p.osFeatures === undefined ? {} : { 'os.features': p.osFeatures }),
    ...(p.variant === undefined ? {} : { variant: p.variant }),
  };
}
