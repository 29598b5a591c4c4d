// Platforms (image-spec image-index.md): parse `os/arch[/variant]`, normalize the common aliases and
// match an index entry against the wanted platform, as containerd's platforms package does.
import { berthError } from './berthError';
import { asObject, readOptionalString, readOptionalStringArray, readString, type JsonObject } from './jsonFields';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
  readonly osFeatures?: readonly string[];
}

const archAliases: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

function normalize(platform: Platform): Platform {
  const architecture = archAliases[platform.architecture] ?? platform.architecture;
  let variant = platform.variant;
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  return { ...platform, os: platform.os.toLowerCase(), architecture, ...(variant === undefined ? { variant: undefined } : { variant }) };
}

export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw berthError('invalid-argument', `invalid platform ${JSON.stringify(text)}: expected os/arch[/variant], e.g. linux/amd64`);
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return normalize(variant === undefined ? { os, architecture } : { os, architecture, variant });
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined).join('/');
}

/** The platform this process runs on, in OCI terms. */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return normalize({ os: process.platform, architecture: arch[process.arch] ?? process.arch });
}

export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  const a = normalize(candidate);
  const b = normalize(wanted);
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
