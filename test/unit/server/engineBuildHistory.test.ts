import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineBuildHistory, stepsFromRecord } from '../../../server/src/engineBuildHistory';

describe('stepsFromRecord', () => {
  it("keeps each step's lines, layer size, cache status and duration; drops malformed steps", () => {
    const record = {
      id: 'b1',
      steps: [
        { startLine: 0, endLine: 0, layerSize: 0, cached: true, durationMs: 0.4, log: 'x', key: 'sha256:1' },
        { startLine: 2, endLine: 3, layerSize: 2048, cached: false, durationMs: 12 },
        { startLine: '4', endLine: 4 },
        null,
        { startLine: 5, endLine: 5, layerSize: 'big', cached: 'yes' },
      ],
    };
    assert.deepEqual(stepsFromRecord(record), {
      id: 'b1',
      steps: [
        { startLine: 0, endLine: 0, layerSize: 0, cached: true, durationMs: 0.4 },
        { startLine: 2, endLine: 3, layerSize: 2048, cached: false, durationMs: 12 },
        { startLine: 5, endLine: 5 },
      ],
    });
  });

  it('is undefined for what is not a build record', () => {
    for (const reply of [null, 'x', {}, { id: 1, steps: [] }, { id: 'a', steps: {} }]) assert.equal(stepsFromRecord(reply), undefined);
  });
});

describe('EngineBuildHistory without an engine', () => {
  it('answers at once with nothing, for file URIs and others alike', async () => {
    const history = new EngineBuildHistory({ sockets: () => ['/nonexistent/berth.sock'], retryMs: 60_000 });
    try {
      assert.equal(history.lastBuild('file:///work/app/Dockerfile'), undefined);
      assert.equal(history.lastBuild('untitled:Untitled-1'), undefined);
      await history.refresh('/work/app/Dockerfile');
      assert.equal(history.lastBuild('file:///work/app/Dockerfile'), undefined);
    } finally {
      history.close();
    }
  });
});

describe('EngineBuildHistory with an engine', () => {
  // A fake berthd on a unix socket: /version says berth, /events stays open, and the build
  // record's answer is held until the test lets it go, so a read can be caught on its way.
  let dir: string;
  let server: Server;
  let record = 'b1';
  let held: (() => void)[] = [];
  let holding = false;
  beforeEach(async () => {
    record = 'b1';
    held = [];
    holding = false;
    dir = mkdtempSync(join(tmpdir(), 'berth-history-'));
    server = createServer((req, res) => {
      if (req.url === '/version') return void res.end(JSON.stringify({ Platform: { Name: 'Berth Engine' } }));
      if (req.url?.startsWith('/events')) return void res.writeHead(200).flushHeaders();
      const read = record; // what the engine had when the request came
      const answer = () => res.end(JSON.stringify({ id: read, steps: [{ startLine: 0, endLine: 0, cached: read !== 'b1' }] }));
      if (holding) held.push(answer);
      else answer();
    });
    server.listen(join(dir, 'berth.sock'));
    await once(server, 'listening');
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads again when asked while a read is on its way: that read may predate a build that just finished', async () => {
    const changed: string[] = [];
    const history = new EngineBuildHistory({ sockets: () => [join(dir, 'berth.sock')], onChange: (uri) => changed.push(uri), retryMs: 60_000 });
    try {
      const uri = 'file:///work/app/Dockerfile';
      history.lastBuild(uri);
      await history.refresh('/work/app/Dockerfile');
      assert.deepEqual(history.lastBuild(uri)?.steps, [{ startLine: 0, endLine: 0, cached: false }]);

      holding = true;
      const first = history.refresh('/work/app/Dockerfile'); // on its way, answered from the old record
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
      record = 'b2'; // a build finishes; its event asks for a refresh
      holding = false;
      const second = history.refresh('/work/app/Dockerfile');
      for (const answer of held.splice(0)) answer();
      await Promise.all([first, second]);
      assert.deepEqual(history.lastBuild(uri)?.steps, [{ startLine: 0, endLine: 0, cached: true }]);
      assert.deepEqual(changed, [uri, uri], 'the first answer, then the new build');
    } finally {
      history.close();
    }
  });
});
