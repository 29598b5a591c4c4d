// The server's V8 code cache (engine/src/startup/codeCache.ts) over a real session: written once the
// first diagnostics are out, also when the editor closes the session sooner than the delay the
// server waits for, and never by a session that linted nothing.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from './lspClient';

describe('code cache over a session', () => {
  let cacheHome: string;

  beforeEach(() => {
    cacheHome = mkdtempSync(join(tmpdir(), 'berth-code-cache-'));
  });

  afterEach(() => rmSync(cacheHome, { recursive: true, force: true }));

  it('is written at shutdown when the session ends right after its first diagnostics', async () => {
    const client = await LspClient.start({ env: { XDG_CACHE_HOME: cacheHome } });
    const uri = 'file:///tmp/berth-code-cache/Dockerfile';
    await client.open(uri, 'FROM alpine:3.20\nRUN true\n', 1);
    await client.waitForDiagnostics(uri, 1);
    assert.equal(await client.stop(), 0);
    const files = readdirSync(join(cacheHome, 'berth', 'code-cache'));
    assert.equal(files.filter((f) => f.endsWith('.bin')).length, 1, files.join(', '));
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
  });

  it('is not written by a session that published nothing', async () => {
    const client = await LspClient.start({ env: { XDG_CACHE_HOME: cacheHome } });
    assert.equal(await client.stop(), 0);
    assert.ok(!existsSync(join(cacheHome, 'berth', 'code-cache')));
  });
});
