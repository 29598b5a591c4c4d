/**
 * Deterministic hostile Dockerfiles for fuzzing: corpus files mutated at the byte, token and line
 * level (escapes, quotes, heredoc operators, variables, JSON brackets, CR/LF mixes, unicode), files
 * spliced together, and random bytes. The same seed always gives the same documents, so a failure
 * can be replayed from its index.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32: fast, and good enough to explore inputs.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const FRAGMENTS = [
  '\\', '`', '"', "'", '$', '${', '}', '${A:-', '${A/', '${#', '[', ']', '["a", ', '<<EOF', '<<-EOF', "<<'EOF'", 'EOF',
  '\n', '\r\n', '\r', '\t', ' ', '#', '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# check=skip=all\n',
  '--', '--from=', '--mount=type=cache,target=/x', '--platform=$BUILDPLATFORM', '=', ',', ':', 'AS ', ' as ',
  'FROM ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'LABEL ', 'ONBUILD ', 'HEALTHCHECK ', 'SHELL ', 'CMD ', 'EXPOSE ',
  'WORKDIR ', 'USER ', 'VOLUME ', 'STOPSIGNAL ', 'MAINTAINER ', 'ENTRYPOINT ', 'apt-get install ', '&& ', '| ', '; ',
  '\u00a0', '\u2028', '\ufeff', '\u0000', '😀', 'é', '\ud800', '{"a":1}', '[[[[', ']]]]',
];

export function mutate(text: string, random: () => number, others: readonly string[]): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  let out = text;
  const rounds = 1 + Math.floor(random() * 6);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 9)) {
      case 0:
        out = out.slice(0, at) + pick(FRAGMENTS) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 12));
        break;
      case 2:
        out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at + 1);
        break;
      case 3: {
        const lines = out.split('\n');
        const i = Math.floor(random() * lines.length);
        lines.splice(i, 0, lines[Math.floor(random() * lines.length)] ?? '');
        out = lines.join('\n');
        break;
      }
      case 4: {
        const lines = out.split('\n');
        const donor = pick(others).split('\n');
        const start = Math.floor(random() * donor.length);
        lines.splice(Math.floor(random() * lines.length), 0, ...donor.slice(start, start + 1 + Math.floor(random() * 8)));
        out = lines.join('\n');
        break;
      }
      case 5:
        out = out.slice(0, at);
        break;
      case 6:
        out = out.slice(0, at) + pick(FRAGMENTS).repeat(1 + Math.floor(random() * 50)) + out.slice(at);
        break;
      case 7:
        out = out.replace(/\n/g, () => (random() < 0.3 ? '\r\n' : random() < 0.1 ? ' \\\n' : '\n'));
        break;
      default: {
        const lines = out.split('\n');
        const i = Math.floor(random() * lines.length);
        lines[i] = (lines[i] ?? '') + pick([' \\', '`', ' \\ ', '\\\\']);
        out = lines.join('\n');
      }
    }
  }
  return out;
}

export function randomBytesDocument(random: () => number): string {
  const length = Math.floor(random() * 2000);
  let out = '';
  for (let i = 0; i < length; i++) {
    const r = random();
    out += r < 0.6 ? String.fromCharCode(32 + Math.floor(random() * 95)) : r < 0.75 ? '\n' : String.fromCharCode(Math.floor(random() * 0x10000));
  }
  return out;
}

/** `count` documents: mostly mutated corpus files, a tenth random bytes. */
export function fuzzDocuments(seed: number, count: number, corpus: readonly string[]): string[] {
  const random = seededRandom(seed);
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(random() < 0.1 || !corpus.length ? randomBytesDocument(random) : mutate(corpus[Math.floor(random() * corpus.length)], random, corpus));
  }
  return docs;
}
