import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { streamAttached } from '../../../engine/src/cli/attachedStream';

const servers: Server[] = [];

/** A connected client socket whose server side sends `frames`, then closes. */
async function attachedSocket(frames: Buffer): Promise<Socket> {
  const server = createServer((peer) => peer.end(frames));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

describe('streamAttached', () => {
  // a hung test must not keep mocha's process alive
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  const options = () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    return { tty: false, stdout, stderr, detachKeys: Buffer.alloc(0), text: () => [out, err] };
  };

  it('ends on a stream that ended and closed before it was called (a process that exited at once, without output)', async () => {
    const socket = await attachedSocket(Buffer.alloc(0));
    socket.pause(); // as hijackedRequest hands it over
    await once(socket, 'close'); // 'end' and 'close' are past while the caller was starting the container
    const o = options();
    assert.equal(await streamAttached(socket, o), 'ended');
  });

  it('delivers what the stream held and then ends, when it ended while paused', async () => {
    const frames = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]);
    const socket = await attachedSocket(frames);
    socket.pause();
    while (socket.readableLength < frames.length) await new Promise((resolve) => setImmediate(resolve)); // it all came in while paused
    const o = options();
    assert.equal(await streamAttached(socket, o), 'ended');
    assert.deepEqual(o.text(), ['out\n', 'err\n']);
  });
});
