// The one place engine errors become HTTP (STYLE 3): a BerthError's kind picks Docker's status code
// and the body is Docker's `{"message": …}`. HttpError carries statuses no engine kind names
// (unknown route, wrong method, a body too large), raised by the API layer itself.
import { BerthError, isAbortError, type ErrorKind } from '../image/berthError';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

const statusOfKind: Record<ErrorKind, number> = {
  'not-found': 404,
  'already-exists': 409,
  'invalid-argument': 400,
  'failed-precondition': 409,
  unavailable: 503,
  'data-loss': 500,
  internal: 500,
};

/** The HTTP status a registry answered with, carried by its RegistryError as `status`. */
function carriedStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('status' in err)) return undefined;
  const status = (err as { status: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

export function errorStatus(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  // a registry that refused the credentials says so with Docker's 401, whatever the error's kind
  const carried = carriedStatus(err);
  if (carried === 401 || carried === 403) return 401;
  if (err instanceof BerthError) return statusOfKind[err.kind];
  if (isAbortError(err)) return 499;
  return 500;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const status = errorStatus(err);
    // an internal error says so: it is a bug or an unexpected system failure, not the user's input
    if (status === 500 && !(err instanceof BerthError) && !(err instanceof HttpError)) return `internal error: ${err.message}`;
    return err.message;
  }
  return `internal error: ${String(err)}`;
}

/** Docker's error body. */
export function errorBody(err: unknown): { message: string } {
  return { message: errorMessage(err) };
}
