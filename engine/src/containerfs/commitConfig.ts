// The image config `docker commit` writes (moby daemon/commit.go): the request's Config, or the
// container's, with the `--change` instructions applied (parsed by the one Dockerfile model,
// archive/configChanges.ts), then merged with the container's configuration: what the result leaves
// empty comes from the container. Pure.
import { applyConfigChanges, type ContainerConfigJson } from '../archive/configChanges';
import type { ContainerConfig as ImageContainerConfig } from '../image/imageConfig';
import { envKey, type ContainerConfig } from '../runtime/containerConfig';

const defaultWorkingDir = '/';
const defaultStopSignal = 'SIGTERM';

/**
 * The container's Config in Docker's JSON. The runtime records its defaults (working directory `/`,
 * SIGTERM); Docker leaves those fields empty, so they are dropped unless the image set them.
 */
export function containerConfigJson(config: ContainerConfig, image: ImageContainerConfig | undefined): ContainerConfigJson {
  const out: ContainerConfigJson = {};
  if (config.user !== '') out.User = config.user;
  if (config.exposedPorts.length > 0) out.ExposedPorts = Object.fromEntries(config.exposedPorts.map((p) => [p, {}]));
  if (config.env.length > 0) out.Env = [...config.env];
  if (config.entrypoint.length > 0) out.Entrypoint = [...config.entrypoint];
  if (config.cmd.length > 0) out.Cmd = [...config.cmd];
  if (config.volumes.length > 0) out.Volumes = Object.fromEntries(config.volumes.map((v) => [v, {}]));
  if (config.workingDir !== '' && (config.workingDir !== defaultWorkingDir || image?.WorkingDir)) out.WorkingDir = config.workingDir;
  if (Object.keys(config.labels).length > 0) out.Labels = { ...config.labels };
  if (config.stopSignal !== '' && (config.stopSignal !== defaultStopSignal || image?.StopSignal)) out.StopSignal = config.stopSignal;
  return out;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

/** moby's `merge(userConf, imageConf)`: the container fills what the commit's config leaves empty. */
export function mergeCommitConfig(user: ContainerConfigJson, container: ContainerConfigJson): ContainerConfigJson {
  const out: ContainerConfigJson = { ...user };
  if (isEmpty(out.User) && container.User !== undefined) out.User = container.User;
  out.ExposedPorts = { ...(container.ExposedPorts as object | undefined), ...(out.ExposedPorts as object | undefined) };
  const env = (out.Env as string[] | undefined) ?? [];
  const containerEnv = (container.Env as string[] | undefined) ?? [];
  out.Env = env.length === 0 ? containerEnv : [...env, ...containerEnv.filter((e) => !env.some((u) => envKey(u) === envKey(e)))];
  out.Labels = { ...(container.Labels as object | undefined), ...(out.Labels as object | undefined) };
  if (isEmpty(out.Entrypoint)) {
    if (isEmpty(out.Cmd) && container.Cmd !== undefined) out.Cmd = container.Cmd;
    if (out.Entrypoint === undefined && container.Entrypoint !== undefined) out.Entrypoint = container.Entrypoint;
  }
  if (isEmpty(out.WorkingDir) && container.WorkingDir !== undefined) out.WorkingDir = container.WorkingDir;
  out.Volumes = { ...(container.Volumes as object | undefined), ...(out.Volumes as object | undefined) };
  if (isEmpty(out.StopSignal) && container.StopSignal !== undefined) out.StopSignal = container.StopSignal;
  for (const key of Object.keys(out)) if (isEmpty(out[key]) && key !== 'Entrypoint') delete out[key];
  return out;
}

/**
 * The committed image's `config`: `requested` (the request body's Config) or the container's, the
 * changes applied one by one (an ENTRYPOINT before any CMD clears Cmd, as in a Dockerfile), merged.
 */
export function commitConfig(container: ContainerConfigJson, requested: ContainerConfigJson | undefined, changes: readonly string[]): ContainerConfigJson {
  let config: ContainerConfigJson = structuredClone(requested ?? container);
  let cmdSet = false;
  for (const change of changes) {
    config = applyConfigChanges(config, [change]);
    const instruction = change.trim().split(/\s+/)[0]!.toUpperCase();
    if (instruction === 'CMD') cmdSet = true;
    if (instruction === 'ENTRYPOINT' && !cmdSet) delete config.Cmd;
  }
  return mergeCommitConfig(config, container);
}
