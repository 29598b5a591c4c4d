/**
 * dist/server.js, the language server's entry point: loads the server (dist/languageServer.js)
 * with a V8 code cache (codeCache.ts) and starts it; the server asks for the cache to be written
 * once it has published its first diagnostics, when the functions a start needs are compiled.
 */
import { join } from 'node:path';
import { requireWithCodeCache } from '../../engine/src/startup/codeCache';

const server = requireWithCodeCache<typeof import('./server')>(join(__dirname, 'languageServer.js'));
server.exports.main({ saveCodeCache: () => server.save() });
