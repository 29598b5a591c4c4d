/**
 * Platform specifiers as BuildKit reads them (containerd's platforms.Parse, Normalize and
 * FormatAll): `os[/arch[/variant]]`, names lower-cased and aliases folded (`x86_64` → `amd64`,
 * `aarch64` → `arm64`, `armhf` → `arm/v7`). A lone word is an OS (with the build platform's
 * architecture) or an architecture (with the build platform's OS).
 * TODO(image/): move next to the engine's platform matching once `engine/src/image/` has it.
 */
import { Platform } from '../../../scope';

const COMPONENT = /^[A-Za-z0-9_.-]+$/;
const OS_VERSION = /^([A-Za-z0-9_-]+)\([A-Za-z0-9_.-]*\)$/;
const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(' '),
);
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' ',
  ),
);

/** Parses a specifier; undefined when BuildKit would reject it. `fallback` fills a missing OS or architecture. */
export function parsePlatformSpec(text: string, fallback: Platform): Platform | undefined {
  if (text.includes('*')) return undefined;
  const parts = text.split('/');
  if (parts.length > 3) return undefined;
  const osMatch = OS_VERSION.exec(parts[0]);
  const osPart = osMatch ? osMatch[1] : parts[0];
  if (!COMPONENT.test(osPart) || !parts.slice(1).every((p) => COMPONENT.test(p))) return undefined;
  if (parts.length === 1) {
    const os = normalizeOs(osPart);
    if (KNOWN_OS.has(os)) return { os, architecture: fallback.architecture, variant: fallback.variant };
    const arch = normalizeArch(osPart, '');
    if (KNOWN_ARCH.has(arch.architecture)) return { os: fallback.os, ...dropDefaultArmVariant(arch) };
    return undefined;
  }
  const os = normalizeOs(osPart);
  if (parts.length === 2) return { os, ...dropDefaultArmVariant(normalizeArch(parts[1], '')) };
  const arch = normalizeArch(parts[1], parts[2]);
  return { os, architecture: arch.architecture, variant: arch.architecture === 'arm64' && !arch.variant ? 'v8' : arch.variant };
}

export function normalizePlatform(platform: Platform): Platform {
  return { os: normalizeOs(platform.os), ...normalizeArch(platform.architecture, platform.variant ?? '') };
}

/** containerd's FormatAll: `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os || 'unknown', platform.architecture, platform.variant].filter(Boolean).join('/');
}

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

function dropDefaultArmVariant(arch: { architecture: string; variant: string | undefined }): { architecture: string; variant: string | undefined } {
  return arch.architecture === 'arm' && arch.variant === 'v7' ? { architecture: 'arm', variant: undefined } : arch;
}

function normalizeArch(architecture: string, variant: string): { architecture: string; variant: string | undefined } {
  const arch = architecture.toLowerCase();
  const v = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      return { architecture: '386', variant: undefined };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return { architecture: 'amd64', variant: v === 'v1' || v === '' ? undefined : v };
    case 'aarch64':
    case 'arm64':
      return { architecture: 'arm64', variant: v === '8' || v === 'v8' || v === 'v8.0' || v === '' ? undefined : v };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      if (v === '' || v === '7') return { architecture: 'arm', variant: 'v7' };
      if (v === '5' || v === '6' || v === '8') return { architecture: 'arm', variant: 'v' + v };
      return { architecture: 'arm', variant: v };
    default:
      return { architecture: arch, variant: v || undefined };
  }
}
