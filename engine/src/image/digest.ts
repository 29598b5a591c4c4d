// Content digests (OCI descriptor.md): `algorithm:encoded`. Parsed once at the edge into a branded
// type so the rest of the engine never handles raw strings. Only sha256 is produced; sha512 is
// accepted when reading, as the spec allows.
import { createHash, type Hash } from 'node:crypto';
import { berthError } from './berthError';

export type Digest = string & { readonly __digest: unique symbol };

const patterns: Record<string, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};

export function parseDigest(text: string): Digest {
  const colon = text.indexOf(':');
  const algorithm = text.slice(0, colon);
  const encoded = text.slice(colon + 1);
  const pattern = patterns[algorithm];
  if (colon < 0 || !pattern || !pattern.test(encoded)) {
    throw berthError('invalid-argument', `invalid digest ${JSON.stringify(text.slice(0, 140))}: expected sha256:<64 hex> or sha512:<128 hex>`);
  }
  return text as Digest;
}

export function isDigest(text: string): text is Digest {
  const colon = text.indexOf(':');
  const pattern = patterns[text.slice(0, colon)];
  return colon > 0 && pattern !== undefined && pattern.test(text.slice(colon + 1));
}

export function digestAlgorithm(digest: Digest): string {
  return digest.slice(0, digest.indexOf(':'));
}

export function digestHex(digest: Digest): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export function digestOf(bytes: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest;
}

/** A running hash over streamed bytes, so nothing is read twice to be verified. */
export class Digester {
  private readonly hash: Hash;
  private readonly algorithm: string;
  private count = 0;

  constructor(algorithm = 'sha256') {
    if (!patterns[algorithm]) throw berthError('invalid-argument', `unsupported digest algorithm ${algorithm}`);
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.count += chunk.byteLength;
  }

  get size(): number {
    return this.count;
  }

  digest(): Digest {
    return `${this.algorithm}:${this.hash.copy().digest('hex')}` as Digest;
  }
}
