// The engine's one error type (STYLE 3): a small set of kinds, each error naming what failed, on
// what, and what to do. Only the API layer maps kinds to HTTP statuses.
// Lives in image/ because every engine module already depends on image/; move it to the engine root
// if a module that must not depend on image/ ever needs it.

export type ErrorKind =
  | 'not-found'
  | 'already-exists'
  | 'invalid-argument'
  | 'failed-precondition'
  | 'unavailable'
  | 'data-loss'
  | 'internal';

export class BerthError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'BerthError';
  }
}

export function berthError(kind: ErrorKind, message: string, cause?: unknown): BerthError {
  return new BerthError(kind, message, cause === undefined ? undefined : { cause });
}

function isKind(err: unknown, kind: ErrorKind): boolean {
  return err instanceof BerthError && err.kind === kind;
}

export const isNotFound = (err: unknown): boolean => isKind(err, 'not-found');
export const isAlreadyExists = (err: unknown): boolean => isKind(err, 'already-exists');
export const isInvalidArgument = (err: unknown): boolean => isKind(err, 'invalid-argument');
export const isFailedPrecondition = (err: unknown): boolean => isKind(err, 'failed-precondition');
export const isUnavailable = (err: unknown): boolean => isKind(err, 'unavailable');
export const isDataLoss = (err: unknown): boolean => isKind(err, 'data-loss');

/** Node's errno code of a system error (`ENOENT`, …), or undefined for anything else. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** An abort surfaces as the signal's reason and is never reported as a failure (STYLE 3). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
