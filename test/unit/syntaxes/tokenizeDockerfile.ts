// Tokenizes Dockerfile text with Berth's TextMate grammar through the same engine VS Code uses
// (vscode-textmate on the oniguruma wasm), so the scopes asserted here are the ones the editor sees.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';

export const repositoryRoot = resolve(__dirname, '../../../..');
export const grammarPath = join(repositoryRoot, 'syntaxes/dockerfile.tmLanguage.json');
const scopeName = 'source.dockerfile.berth';

export interface Token {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

export class TokenizedDockerfile {
  constructor(readonly lines: readonly string[], readonly tokens: readonly Token[]) {}

  /** Tokens covering the `occurrence`-th match of `needle` on line `line` (0-based); throws when absent. */
  tokensOf(line: number, needle: string, occurrence = 0): Token[] {
    const text = this.lines[line];
    if (text === undefined) throw new Error(`line ${line} does not exist (the document has ${this.lines.length})`);
    let start = -1;
    for (let i = 0; i <= occurrence; i++) {
      start = text.indexOf(needle, start + 1);
      if (start < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) is not on line ${line}: ${JSON.stringify(text)}`);
    }
    const end = start + needle.length;
    const covering = this.tokens.filter((t) => t.line === line && t.start < end && t.end > start);
    if (covering.length === 0) throw new Error(`no token covers "${needle}" on line ${line}`);
    return covering;
  }

  /** Scopes shared by every token covering `needle` (see tokensOf). */
  scopesOf(line: number, needle: string, occurrence = 0): string[] {
    const [first, ...rest] = this.tokensOf(line, needle, occurrence);
    return (first?.scopes ?? []).filter((s) => rest.every((t) => t.scopes.includes(s)));
  }
}

let grammar: Promise<IGrammar> | undefined;

export function loadDockerfileGrammar(): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scope: string) =>
        scope === scopeName ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const loaded = await registry.loadGrammar(scopeName);
    if (!loaded) throw new Error(`vscode-textmate could not load ${scopeName} from ${grammarPath}`);
    return loaded;
  })();
  return grammar;
}

/** Tokenizes `lines` as one document, line by line, carrying the rule stack like the editor does. */
export async function tokenizeDockerfile(...lines: string[]): Promise<TokenizedDockerfile> {
  const loaded = await loadDockerfileGrammar();
  const tokens: Token[] = [];
  let stack: StateStack = INITIAL;
  lines.forEach((text, line) => {
    const result = loaded.tokenizeLine(text, stack);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, text.length);
      if (end > t.startIndex) tokens.push({ line, start: t.startIndex, end, text: text.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return new TokenizedDockerfile(lines, tokens);
}
