// A Docker JSON message stream (pull, push, load, import, build) read as messages, one JSON
// document per line. Its own module so that a reader without a terminal view (build progress)
// does not load the renderer's packages along with it.
import type { IncomingMessage } from 'node:http';
import type { JsonMessage } from '../api/jsonMessages';

/** The JSON messages of a response body, one per line. */
export async function* readJsonMessages(res: IncomingMessage): AsyncGenerator<JsonMessage> {
  let pending = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield JSON.parse(line) as JsonMessage;
    }
  }
  if (pending.trim() !== '') yield JSON.parse(pending) as JsonMessage;
}
