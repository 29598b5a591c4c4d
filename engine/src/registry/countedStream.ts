// A stream that reports how many bytes have gone through it (Downloading, Extracting and Pushing
// progress). A pipeline, not a pipe: a source that failed or was dropped before this was set up
// still fails the reader, instead of leaving it waiting for bytes that never come; and destroying
// the counted stream (a reader that gives up) drops the source with it, releasing its file or
// connection.
import { pipeline, Transform, type Readable } from 'node:stream';

/** `source` with each chunk counted: `report` hears the running total, from `start`. */
export function countedStream(source: Readable, start: number, report: (bytes: number) => void): Readable {
  let bytes = start;
  const counter = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _encoding, done) {
      report((bytes += chunk.length));
      done(null, chunk);
    },
  });
  return pipeline(source, counter, () => undefined);
}
