import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { progressBar, showProgress, StreamError } from '../../../engine/src/cli/progressView';

function body(messages: object[]): IncomingMessage {
  // split mid-line to prove the reader joins chunks before parsing
  const text = messages.map((m) => `${JSON.stringify(m)}\r\n`).join('');
  return Readable.from([Buffer.from(text.slice(0, 37)), Buffer.from(text.slice(37))]) as unknown as IncomingMessage;
}

function sink(tty: boolean): Writable & { isTTY: boolean; columns: number; rows: number; text(): string } {
  const parts: string[] = [];
  const w = new Writable({ write(chunk: Buffer, _e, done) { parts.push(chunk.toString()); done(); } });
  return Object.assign(w, { isTTY: tty, columns: 120, rows: 40, text: () => parts.join('') });
}

const pull = [
  { status: 'Pulling from library/app', id: '1' },
  { status: 'Pulling fs layer', id: 'aaaaaaaaaaaa', progressDetail: {} },
  { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1_000_000, total: 4_000_000 } },
  { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 3_000_000, total: 4_000_000 } },
  { status: 'Download complete', id: 'aaaaaaaaaaaa', progressDetail: {} },
  { status: 'Pull complete', id: 'aaaaaaaaaaaa', progressDetail: {} },
  { status: 'Digest: sha256:1234' },
  { status: 'Status: Downloaded newer image for app:1' },
];

describe('showProgress', () => {
  it('prints one plain line per status change when not in a terminal (no bars, no escapes)', async () => {
    const out = sink(false);
    await showProgress(body(pull), out);
    assert.equal(out.text(), [
      '1: Pulling from library/app', 'aaaaaaaaaaaa: Pulling fs layer', 'aaaaaaaaaaaa: Downloading', 'aaaaaaaaaaaa: Download complete',
      'aaaaaaaaaaaa: Pull complete', 'Digest: sha256:1234', 'Status: Downloaded newer image for app:1', ''].join('\n'));
  });

  it('draws layer lines updated in place with a progress bar in a terminal', async () => {
    const out = sink(true);
    await showProgress(body(pull), out, { frameInterval: 0 });
    const text = out.text();
    assert.match(text, /aaaaaaaaaaaa: Downloading \[=+>\s+\]\s+[0-9.]+MB\/4MB/);
    // log-update moves the cursor back up to rewrite the layer's line instead of adding one
    assert.match(text, /\u001b\[\d*A[^]*aaaaaaaaaaaa: Pull complete/);
    assert.match(text, /Status: Downloaded newer image for app:1/);
  });

  it('ends with the error an engine reports inside the stream', async () => {
    await assert.rejects(showProgress(body([{ status: 'Pulling from x', id: '1' }, { errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }]), sink(false)), (err) => err instanceof StreamError && err.message === 'manifest unknown');
  });

  it('progressBar fills in proportion', () => {
    assert.equal(progressBar(0, 100, 10), '[>         ]  0B/100B');
    assert.equal(progressBar(50, 100, 10), '[=====>    ]  50B/100B');
    assert.equal(progressBar(100, 100, 10), '[==========]  100B/100B');
  });
});
