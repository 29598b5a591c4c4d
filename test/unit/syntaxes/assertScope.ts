import * as assert from 'node:assert/strict';
import type { TokenizedDockerfile } from './tokenizeDockerfile';

/** Asserts that every token covering `needle` on `line` carries `scope` (names without `.dockerfile`). */
export function assertScope(doc: TokenizedDockerfile, line: number, needle: string, scope: string, occurrence = 0): void {
  const scopes = doc.scopesOf(line, needle, occurrence);
  assert.ok(scopes.includes(`${scope}.dockerfile`), `"${needle}" on line ${line} (${JSON.stringify(doc.lines[line])}) has scopes ${JSON.stringify(scopes)}, not ${scope}.dockerfile`);
}

/** Asserts that no token covering `needle` on `line` carries a scope starting with `prefix`. */
export function assertNoScope(doc: TokenizedDockerfile, line: number, needle: string, prefix: string, occurrence = 0): void {
  const found = doc.tokensOf(line, needle, occurrence).flatMap((t) => t.scopes.filter((s) => s.startsWith(prefix)));
  assert.deepEqual(found, [], `"${needle}" on line ${line} (${JSON.stringify(doc.lines[line])}) should have no ${prefix}* scope`);
}
