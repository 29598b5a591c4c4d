import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { followTerminalSize, type SizedOutput } from '../../../engine/src/cli/terminalSync';

/** A terminal whose size the test sets, and a client whose requests the test answers. */
function fixture() {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, rows: 30, columns: 100 }) as SizedOutput & EventEmitter;
  const sent: { size: string; answer: () => void }[] = [];
  const client = {
    request: (_method: string, _path: string, options: { query?: Record<string, unknown> } = {}) =>
      new Promise<IncomingMessage>((resolve) => {
        const response = new PassThrough() as unknown as IncomingMessage;
        sent.push({ size: `${String(options.query?.h)}x${String(options.query?.w)}`, answer: () => resolve(response) });
      }),
  };
  const resize = (rows: number, columns: number) => {
    Object.assign(stdout, { rows, columns });
    stdout.emit('resize');
  };
  return { stdout, sent, client, resize };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('followTerminalSize', () => {
  it('sends the size now, then one resize at a time, the latest after the one in flight', async () => {
    const { stdout, sent, client, resize } = fixture();
    const following = followTerminalSize(client, '/containers/c/resize', stdout);
    assert.deepEqual(sent.map((s) => s.size), ['30x100']);
    // `stty rows 45 cols 132` changes the size twice; a third change comes before the first answer
    resize(45, 100);
    resize(45, 132);
    resize(50, 132);
    assert.deepEqual(sent.map((s) => s.size), ['30x100'], 'nothing more while a resize is in flight');
    sent[0]!.answer();
    await settle();
    assert.deepEqual(sent.map((s) => s.size), ['30x100', '50x132'], 'then only the latest size');
    sent[1]!.answer();
    await settle();
    assert.equal(sent.length, 2);
    following.dispose();
    resize(20, 80);
    assert.equal(sent.length, 2, 'disposed: no more resizes');
  });

  it('does nothing for output that is not a terminal', () => {
    const { stdout, sent, client, resize } = fixture();
    stdout.isTTY = false;
    followTerminalSize(client, '/containers/c/resize', stdout);
    resize(45, 132);
    assert.deepEqual(sent, []);
  });
});
