// WWW-Authenticate challenges (RFC 7235): `Bearer realm="https://auth.example/token",
// service="registry.example",scope="repository:app:pull"`, possibly several per header and
// several headers per response. Parsed leniently: a registry's header is untrusted input, so a
// malformed one yields fewer challenges, never an exception.

export interface Challenge {
  /** Lower-cased scheme: `basic`, `bearer`, … */
  readonly scheme: string;
  /** Lower-cased parameter names. */
  readonly params: Readonly<Record<string, string>>;
}

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

export function parseChallenges(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const texts = typeof header === 'string' ? [header] : header;
  return texts.flatMap((t) => parseOne(t.slice(0, 8192)));
}

function parseOne(text: string): Challenge[] {
  const out: Challenge[] = [];
  let rest = text;
  let current: { scheme: string; params: Record<string, string> } | undefined;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = token.exec(rest)?.[0];
    if (name === undefined) break;
    const after = rest.slice(name.length).replace(/^\s*/, '');
    if (after.startsWith('=') && current) {
      // an auth-param of the current challenge
      const valueText = after.slice(1).replace(/^\s*/, '');
      const { value, remainder } = readValue(valueText);
      current.params[name.toLowerCase()] = value;
      rest = remainder;
      continue;
    }
    // a new scheme (a token68 after it is skipped: registries do not use it)
    current = { scheme: name.toLowerCase(), params: {} };
    out.push(current);
    rest = after;
    const t68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(rest);
    if (t68 && !rest.slice(t68[0].length).trimStart().startsWith('=')) rest = rest.slice(t68[0].length);
  }
  return out;
}

function readValue(text: string): { value: string; remainder: string } {
  if (!text.startsWith('"')) {
    const m = /^[^,\s]*/.exec(text)![0];
    return { value: m, remainder: text.slice(m.length) };
  }
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (c === '"') return { value, remainder: text.slice(i + 1) };
    else value += c;
  }
  return { value, remainder: '' };
}
