// A stream of JSON documents, one per line: Docker's JSON messages (pull, push, load, import,
// build) and streamed stats. Its own module so that a reader without a terminal view (build progress)
// does not load the renderer's packages along with it.
import type { IncomingMessage } from 'node:http';
import type { JsonMessage } from '../api/jsonMessages';

/** The JSON messages of a response body, one per line. */
export function readJsonMessages(res: IncomingMessage): AsyncGenerator<JsonMessage> {
  return readJsonLines<JsonMessage>(res);
}

/** The JSON documents of a response body, one per line (typed by the caller: nothing is checked). */
export async function* readJsonLines<T>(res: IncomingMessage): AsyncGenerator<T> {
  let pending = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield JSON.parse(line) as T;
    }
  }
  if (pending.trim() !== '') yield JSON.parse(pending) as T;
}
