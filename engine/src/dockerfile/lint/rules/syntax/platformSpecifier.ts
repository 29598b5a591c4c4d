/**
 * containerd's platforms.Parse, which BuildKit applies to `FROM --platform=...` after expansion:
 * `os[(osversion[+feature]...)][/arch[/variant]]`, or a lone OS or architecture it knows.
 */
import { quoteGo } from '../../../lineParsers';

const SPECIFIER = /^[A-Za-z0-9_.-]+$/;
const OS = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const OS_PATTERN = '^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$';
const SPECIFIER_PATTERN = '^[A-Za-z0-9_.-]+$';

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const ARCH_ALIASES: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

const INVALID = 'invalid argument';

/** containerd's error for `specifier`, or undefined when it parses. */
export function platformError(specifier: string): string | undefined {
  const q = quoteGo(specifier);
  if (specifier.includes('*')) return `${q}: wildcards not yet supported: ${INVALID}`;
  const parts = splitN(specifier, '/', 4);
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      const os = OS.exec(part);
      if (!os) return `${quoteGo(part)} is an invalid OS component of ${q}: OSAndVersion specifier component must match ${quoteGo(OS_PATTERN)}: ${INVALID}`;
      if (os[2] && !validEscapes(os[2])) return `${q} has an invalid OS version ${quoteGo(os[2])}: invalid URL escape`;
      if (os[3]) {
        for (const feature of os[3].slice(1).split('+')) {
          if (!validEscapes(feature)) return `${q} has invalid OS features: invalid os feature ${quoteGo(feature)}: invalid URL escape`;
        }
      }
    } else if (!SPECIFIER.test(part)) {
      return `${quoteGo(part)} is an invalid component of ${q}: platform specifier component must match ${quoteGo(SPECIFIER_PATTERN)}: ${INVALID}`;
    }
  }
  if (parts.length === 1) {
    const os = OS.exec(parts[0])![1].toLowerCase();
    if (KNOWN_OS.has(os === 'macos' ? 'darwin' : os)) return undefined;
    const arch = parts[0].toLowerCase();
    if (KNOWN_ARCH.has(ARCH_ALIASES[arch] ?? arch)) return undefined;
    return `${q}: unknown operating system or architecture: ${INVALID}`;
  }
  if (parts.length > 3) return `${q}: cannot parse platform specifier: ${INVALID}`;
  return undefined;
}

/** Go's strings.SplitN. */
function splitN(text: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** url.PathUnescape succeeds: every "%" starts a two-digit hex escape. */
function validEscapes(text: string): boolean {
  return !text.includes('%') || /^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(text);
}
