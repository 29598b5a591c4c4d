/**
 * Whether a string is an image reference BuildKit accepts as a base (distribution/reference's
 * ParseNormalizedNamed): `[domain[:port]/]path[:tag][@digest]`, lower-case repository, path
 * components of `[a-z0-9]` joined by `.`, `_`, `__` or dashes, a tag of at most 128 word
 * characters, a sha256/384/512 digest, at most 255 characters of name.
 * TODO(registry/): replace with the engine's `parseReference` once `engine/src/registry/` has it.
 */
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const HEX_ID = /^[a-f0-9]{64}$/;
const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** Why `text` is not a valid image reference, or undefined when it is one. */
export function referenceError(text: string): string | undefined {
  if (HEX_ID.test(text)) return `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`;
  const { domain, remainder } = splitDockerDomain(text);
  const tagAt = remainder.indexOf(':');
  const repository = tagAt >= 0 ? remainder.slice(0, tagAt) : remainder;
  if (repository.toLowerCase() !== repository) return `invalid reference format: repository name (${repository}) must be lowercase`;
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) return full === '/' ? 'repository name must have at least one component' : 'invalid reference format';
  if (m[1].length > 255) return 'repository name must not be more than 255 characters';
  if (m[3]) {
    const [algorithm, hex] = m[3].split(':');
    const length = DIGEST_LENGTHS[algorithm];
    if (length === undefined) return `unsupported digest algorithm in ${m[3]}`;
    if (hex.length !== length || /[A-F]/.test(hex)) return `invalid checksum digest format in ${m[3]}`;
  }
  return undefined;
}

function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: 'docker.io', remainder: name.includes('/') ? name : `library/${name}` };
  }
  let domain = first;
  let remainder = name.slice(slash + 1);
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}
