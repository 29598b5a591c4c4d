// `berth search`: repositories of a registry's catalog (`berth search localhost:5000/app`), or
// Docker Hub's search for a bare term, with docker's columns and --format.
import { filtersJson, parseCommand, type CommandContext } from './commandContext';
import { renderListing } from './formatOutput';
import { authHeader } from './registryCredentials';

interface SearchResult {
  readonly name: string;
  readonly description: string;
  readonly star_count: number;
  readonly is_official: boolean;
  readonly is_automated: boolean;
}

export async function runSearch(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth search [OPTIONS] TERM';
  const { values, positionals } = parseCommand(argv, {
    filter: { type: 'string', short: 'f', multiple: true },
    format: { type: 'string' },
    limit: { type: 'string' },
    'no-trunc': { type: 'boolean' },
  }, usage, { min: 1, max: 1 });
  const term = positionals[0]!;
  const first = term.includes('/') ? term.slice(0, term.indexOf('/')) : '';
  const registry = first === 'localhost' || /[.:]/.test(first) ? first : 'docker.io';
  const client = await ctx.connect();
  const results = await client.json<SearchResult[]>('GET', '/images/search', {
    query: { term, limit: values.limit, filters: filtersJson(values.filter, usage) },
    headers: await authHeader(registry, ctx.env),
  });
  const rows = results.map((r) => ({
    Name: r.name,
    Description: !values['no-trunc'] && r.description.length > 45 ? `${r.description.slice(0, 44)}…` : r.description,
    StarCount: String(r.star_count),
    IsOfficial: r.is_official ? '[OK]' : '',
    IsAutomated: r.is_automated ? '[OK]' : '',
  }));
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: '{{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}',
    headers: { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' },
  }));
  return 0;
}
