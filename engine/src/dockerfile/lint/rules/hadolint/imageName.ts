/**
 * An image reference split the way hadolint reads a FROM line (language-docker's image parser):
 * an optional registry (a first path component with a dot or a colon, or `localhost`), the name,
 * a tag after the last colon of the last component, and a digest after `@`. No normalisation:
 * rules compare what the user wrote.
 */
export interface ImageName {
  readonly registry: string | undefined;
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageName(text: string): ImageName {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const head = rest.slice(0, slash);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, name: rest, tag, digest };
}
