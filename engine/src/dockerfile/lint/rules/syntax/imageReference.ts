/**
 * Image reference validation exactly as BuildKit does it before resolving a base image:
 * distribution/reference's ParseNormalizedNamed (familiar names normalised to docker.io/library,
 * the reference grammar, the 255-character repository limit) and go-digest's digest checks.
 */
const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_SYNTAX = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const DIGEST_ENCODING: ReadonlyMap<string, number> = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);

/** Longer input is not checked: the grammar's regular expressions backtrack on hostile lengths. */
const MAX_CHECKED_LENGTH = 4096;

/** Why BuildKit rejects `text` as an image reference, or undefined when it accepts it. */
export function imageReferenceError(text: string): string | undefined {
  if (text.length > MAX_CHECKED_LENGTH) return undefined;
  if (IDENTIFIER.test(text)) return `invalid repository name (${text}), cannot specify 64-byte hexadecimal strings`;
  const { domain, remainder } = splitDockerDomain(text);
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parseError(`${domain}/${remainder}`);
}

function parseError(text: string): string | undefined {
  const m = REFERENCE.exec(text);
  if (!m) {
    if (text === '') return 'repository name must have at least one component';
    if (REFERENCE.test(text.toLowerCase())) return 'repository name must be lowercase';
    return 'invalid reference format';
  }
  const name = ANCHORED_NAME.exec(m[1]);
  const path = name ? name[2] : m[1];
  if (path.length > 255) return 'repository name must not be more than 255 characters';
  if (m[3]) return digestError(m[3]);
  return undefined;
}

/** go-digest's Digest.Validate, for the digests BuildKit can verify (sha256, sha384, sha512). */
export function digestError(digest: string): string | undefined {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const length = DIGEST_ENCODING.get(algorithm);
  if (length === undefined) return DIGEST_SYNTAX.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}

/** distribution/reference's splitDockerDomain. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: 'docker.io', remainder: 'library/' + name };
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === 'localhost') [domain, remainder] = [maybeDomain, rest];
  else if (maybeDomain === 'index.docker.io') [domain, remainder] = ['docker.io', rest];
  else if (/[.:]/.test(maybeDomain)) [domain, remainder] = [maybeDomain, rest];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remainder] = [maybeDomain, rest];
  else [domain, remainder] = ['docker.io', name];
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = 'library/' + remainder;
  return { domain, remainder };
}

/**
 * The same reference with its repository path lower-cased, when that is all that is wrong with
 * it (a registry host keeps its case: it is case-insensitive and may be written either way).
 */
export function lowercasedReference(text: string): string | undefined {
  const slash = text.indexOf('/');
  const first = slash < 0 ? '' : text.slice(0, slash);
  const hostLike = first === 'localhost' || /[.:]/.test(first);
  const hostPart = hostLike ? first + '/' : '';
  const rest = text.slice(hostPart.length);
  const colon = rest.search(/[:@]/);
  const path = colon < 0 ? rest : rest.slice(0, colon);
  const fixed = hostPart + path.toLowerCase() + (colon < 0 ? '' : rest.slice(colon));
  return fixed !== text && imageReferenceError(fixed) === undefined ? fixed : undefined;
}
