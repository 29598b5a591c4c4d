// Writing tar archives as a sequence of buffers, through the layer module's header encoder (one
// tar implementation in the engine): a header per entry, the content, zero padding, two zero blocks.
import { emptyHeader, encodeHeader, endOfArchive, padding } from '../layer/tarHeader';

export function fileHeader(name: string, size: number): Buffer {
  return encodeHeader({ ...emptyHeader(name, 'file'), size, mode: 0o644 });
}

export function directoryHeader(name: string): Buffer {
  return encodeHeader({ ...emptyHeader(name.endsWith('/') ? name : `${name}/`, 'directory'), mode: 0o755 });
}

export function paddingAfter(size: number): Buffer {
  return Buffer.alloc(padding(size));
}

/** A small in-memory file as header, content and padding. */
export function* smallFile(name: string, content: Uint8Array): Generator<Buffer> {
  yield fileHeader(name, content.byteLength);
  yield Buffer.from(content);
  yield paddingAfter(content.byteLength);
}

export { endOfArchive };
