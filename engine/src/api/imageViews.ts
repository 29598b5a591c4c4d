// Docker's JSON shapes for an image (API 1.44+ swagger: ImageSummary, ImageInspect,
// HistoryResponseItem), built from a LocalImage.
import { descriptorJson } from '../image/descriptor';
import type { LocalImage } from './localImages';

export function repoTags(image: LocalImage): string[] {
  return image.names.filter((n) => n.tag !== undefined).map((n) => n.familiar());
}

export function repoDigests(image: LocalImage): string[] {
  return [...new Set(image.names.map((n) => `${n.familiarName()}@${image.id}`))];
}

function labelsOf(image: LocalImage): Record<string, string> {
  return { ...(image.config.config?.Labels ?? {}) };
}

export function imageSummary(image: LocalImage, sharedSize = -1): Record<string, unknown> {
  return {
    Containers: -1,
    Created: image.created,
    Id: image.id,
    Labels: labelsOf(image),
    ParentId: '',
    Descriptor: descriptorJson(image.target),
    RepoDigests: repoDigests(image),
    RepoTags: repoTags(image),
    SharedSize: sharedSize,
    Size: image.size,
  };
}

/** The image config's container defaults, with Docker's nulls for what is absent. */
function imageConfigJson(image: LocalImage): Record<string, unknown> {
  const c = (image.config.raw.config ?? {}) as Record<string, unknown>;
  const pick = (key: string, empty: unknown = null): unknown => (c[key] === undefined ? empty : c[key]);
  return {
    User: pick('User', ''),
    ExposedPorts: pick('ExposedPorts'),
    Env: pick('Env'),
    Cmd: pick('Cmd'),
    ...(c.Healthcheck === undefined ? {} : { Healthcheck: c.Healthcheck }),
    ...(c.ArgsEscaped === undefined ? {} : { ArgsEscaped: c.ArgsEscaped }),
    Volumes: pick('Volumes'),
    WorkingDir: pick('WorkingDir', ''),
    Entrypoint: pick('Entrypoint'),
    OnBuild: pick('OnBuild'),
    Labels: pick('Labels'),
    ...(c.StopSignal === undefined ? {} : { StopSignal: c.StopSignal }),
    ...(c.Shell === undefined ? {} : { Shell: c.Shell }),
  };
}

export function imageInspect(image: LocalImage, storageDriver: string): Record<string, unknown> {
  const raw = image.config.raw;
  const str = (key: string): string => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const history = image.config.history ?? [];
  return {
    Id: image.id,
    RepoTags: repoTags(image),
    RepoDigests: repoDigests(image),
    Parent: '',
    Comment: history.length > 0 ? history[history.length - 1]!.comment ?? '' : '',
    ...(image.config.created === undefined ? {} : { Created: image.config.created }),
    DockerVersion: str('docker_version'),
    Author: str('author'),
    Config: imageConfigJson(image),
    Architecture: image.config.architecture,
    ...(image.config.variant === undefined ? {} : { Variant: image.config.variant }),
    Os: image.config.os,
    ...(typeof raw['os.version'] === 'string' ? { OsVersion: raw['os.version'] } : {}),
    Size: image.size,
    GraphDriver: { Name: storageDriver, Data: null },
    RootFS: { Type: 'layers', Layers: [...image.config.rootfs.diff_ids] },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
    Descriptor: descriptorJson(image.target),
  };
}

/**
 * `docker history`: newest first; entries that made a layer get that layer's size, the newest
 * carries the image ID and its tags, older ones `<missing>` (their IDs are not kept locally).
 */
export async function imageHistory(image: LocalImage): Promise<Record<string, unknown>[]> {
  const layers = (await image.image.manifest()).layers;
  const recorded = image.config.history ?? [];
  const entries = recorded.length > 0 ? recorded : layers.map(() => ({ created: image.config.created, created_by: '', comment: '' }));
  let layer = 0;
  const rows = entries.map((h) => {
    const empty = 'empty_layer' in h && h.empty_layer === true;
    const size = empty ? 0 : layers[layer++]?.size ?? 0;
    const created = h.created === undefined ? 0 : Math.floor(Date.parse(h.created) / 1000);
    return { Id: '<missing>', Created: Number.isFinite(created) ? created : 0, CreatedBy: h.created_by ?? '', Tags: null as string[] | null, Size: size, Comment: h.comment ?? '' };
  });
  rows.reverse();
  if (rows.length > 0) {
    rows[0]!.Id = image.id;
    rows[0]!.Tags = repoTags(image);
  }
  return rows;
}
