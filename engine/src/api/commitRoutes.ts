// POST /commit (`docker commit`): the container's changes become a new image, named by `repo` and
// `tag` (or kept without a name), with the `changes` instructions, `author`, `comment` and `pause`
// Docker takes. The image ID answered is the manifest digest, as every image ID in this engine.
import { commitContainer, type CommitDeps } from '../containerfs/commitContainer';
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { parseReference, referenceError, withTag, type Reference } from '../image/reference';
import type { EditableImageStore } from './imageRemoval';
import { keepUnnamedEntry } from './imageRemoval';
import { boolParam, maxJsonBody, readBody, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';

export interface CommitRouteDeps extends CommitDeps {
  readonly store: EditableImageStore;
  readonly events: EventLog;
}

/** Docker's RepoTagReference: no repo, no name; a repo may carry its tag unless `tag` is given. */
function commitName(repo: string | null, tag: string | null): Reference | undefined {
  if (repo === null || repo === '') {
    if (tag) throw berthError('invalid-argument', 'commit: a tag needs a repository name');
    return undefined;
  }
  const problem = referenceError(repo);
  if (problem !== undefined) throw berthError('invalid-argument', `commit: invalid reference format: ${problem}`);
  const ref = parseReference(repo);
  if (ref.digest !== undefined) throw berthError('invalid-argument', 'commit: refusing to create a tag with a digest reference');
  return tag ? withTag(ref, tag) : ref;
}

/** The body: Docker's container Config, or nothing (`null` and an empty body mean the container's). */
async function commitBody(body: Buffer): Promise<Record<string, unknown> | undefined> {
  const text = body.toString('utf8').trim();
  if (text === '' || text === 'null') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw berthError('invalid-argument', `commit: request body is not valid JSON (${(err as Error).message})`);
  }
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw berthError('invalid-argument', 'commit: request body must be a container Config object');
  return value as Record<string, unknown>;
}

export function commitRoutes(deps: CommitRouteDeps): Route[] {
  return [{
    method: 'POST', path: '/commit',
    handler: async ({ req, res, query, signal }) => {
      const container = query.get('container') ?? '';
      if (container === '') throw berthError('invalid-argument', 'commit: the container parameter is required');
      const name = commitName(query.get('repo'), query.get('tag'));
      const config = await commitBody(await readBody(req, maxJsonBody));
      const record = deps.runtime.inspect(container);
      const target = await commitContainer(deps, container, {
        ...(config ? { config } : {}),
        changes: query.getAll('changes'),
        author: query.get('author') ?? '',
        comment: query.get('comment') ?? '',
        pause: query.has('pause') ? boolParam(query, 'pause') : true,
        name: async (d: Descriptor) => (name ? deps.store.set(name.toString(), d) : keepUnnamedEntry(deps.store, d)),
        signal,
      });
      deps.events.emit('container', 'commit', record.id, {
        name: record.name, image: record.config.image, comment: query.get('comment') ?? '', imageID: target.digest, imageRef: name?.familiar() ?? '',
      });
      sendJson(res, 201, { Id: target.digest });
    },
  }];
}
