// `berth images`: one row per name (or `<none>` for an unnamed image), docker's columns, filters
// and --format.
import { parseReference, referenceError } from '../image/reference';
import { filtersJson, parseCommand, type CommandContext } from './commandContext';
import { renderListing } from './formatOutput';
import { goTime, humanAge, humanSize } from './humanUnits';

const usage = 'berth images [OPTIONS] [REPOSITORY[:TAG]]';

export interface ImageSummaryJson {
  readonly Id: string;
  readonly RepoTags: readonly string[] | null;
  readonly RepoDigests: readonly string[] | null;
  readonly Created: number;
  readonly Size: number;
  readonly SharedSize: number;
  readonly Containers: number;
}

export interface ImageRow extends Record<string, unknown> {
  Containers: string; CreatedAt: string; CreatedSince: string; Digest: string; ID: string;
  Repository: string; SharedSize: string; Size: string; Tag: string; UniqueSize: string; VirtualSize: string;
}

export function imageRows(images: readonly ImageSummaryJson[], options: { digests: boolean; noTrunc: boolean }): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const image of images) {
    const id = options.noTrunc ? image.Id : image.Id.replace(/^sha256:/, '').slice(0, 12);
    const digestOf = (repo: string) => (image.RepoDigests ?? []).find((d) => d.startsWith(`${repo}@`))?.split('@')[1] ?? '<none>';
    const base = {
      Containers: image.Containers < 0 ? 'N/A' : String(image.Containers), CreatedAt: goTime(image.Created), CreatedSince: humanAge(image.Created),
      ID: id, SharedSize: image.SharedSize < 0 ? 'N/A' : humanSize(image.SharedSize), Size: humanSize(image.Size),
      UniqueSize: image.SharedSize < 0 ? 'N/A' : humanSize(image.Size - image.SharedSize), VirtualSize: humanSize(image.Size),
    };
    const tags = image.RepoTags ?? [];
    for (const tag of tags) {
      const colon = tag.lastIndexOf(':');
      const repo = tag.slice(0, colon);
      rows.push({ ...base, Repository: repo, Tag: tag.slice(colon + 1), Digest: digestOf(repo) });
    }
    if (tags.length === 0) {
      const untagged = (image.RepoDigests ?? []).map((d) => d.split('@'));
      if (untagged.length === 0) rows.push({ ...base, Repository: '<none>', Tag: '<none>', Digest: '<none>' });
      for (const [repo, digest] of untagged) rows.push({ ...base, Repository: repo!, Tag: '<none>', Digest: digest ?? '<none>' });
    }
  }
  return rows;
}

export async function runImages(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    all: { type: 'boolean', short: 'a' },
    digests: { type: 'boolean' },
    filter: { type: 'string', short: 'f', multiple: true },
    format: { type: 'string' },
    'no-trunc': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  }, usage, { max: 1 });
  const filters = [...(values.filter ?? [])];
  const repo = positionals[0];
  if (repo !== undefined) {
    if (referenceError(repo) !== undefined) filters.push(`reference=${repo}`);
    else filters.push(`reference=${/:[^/]*$/.test(repo) ? parseReference(repo).familiar() : parseReference(repo).familiarName()}`);
  }
  const client = await ctx.connect();
  const images = await client.json<ImageSummaryJson[]>('GET', '/images/json', { query: { all: values.all ?? false, filters: filtersJson(filters, usage) } });
  const rows = imageRows(images, { digests: values.digests ?? false, noTrunc: values['no-trunc'] ?? false });
  if (values.quiet) {
    ctx.io.stdout.write([...new Set(rows.map((r) => r.ID))].map((id) => `${id}\n`).join(''));
    return 0;
  }
  const columns = values.digests ? '{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}' : '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: columns,
    headers: { Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', ID: 'IMAGE ID', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Size: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE', VirtualSize: 'SIZE', Containers: 'CONTAINERS' },
  }));
  return 0;
}
