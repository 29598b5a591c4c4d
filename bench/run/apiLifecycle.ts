// One container's life at the Engine API, as `docker run busybox true` drives it, timed per phase:
//   create  POST /containers/create (the body the docker CLI sends, without AutoRemove)
//   attach  POST /containers/{id}/attach hijacked to a raw stream, and POST /containers/{id}/wait
//           ?condition=next-exit sent alongside (the engine answers its head at once; the CLI
//           also registers the wait before starting, so the exit cannot be missed)
//   start   POST /containers/{id}/start → 204
//   wait    from the start's answer to the wait's result and the end of the attached stream
//   delete  DELETE /containers/{id} → 204
import { performance } from 'node:perf_hooks';
import { readBody, streamEnd, type EngineApi } from './engineApi';

export type NetworkMode = 'none' | 'default';

export const phases = ['create', 'attach', 'start', 'wait', 'delete'] as const;
export type Phase = (typeof phases)[number];

export type PhaseTimes = Record<Phase | 'total', number>;

export function createBody(image: string, cmd: readonly string[], network: NetworkMode, attach: boolean): Record<string, unknown> {
  return {
    Image: image, Cmd: cmd, Tty: false, OpenStdin: false, StdinOnce: false,
    AttachStdin: false, AttachStdout: attach, AttachStderr: attach,
    HostConfig: { NetworkMode: network },
  };
}

export async function apiLifecycle(api: EngineApi, image: string, network: NetworkMode): Promise<PhaseTimes> {
  const t0 = performance.now();
  const { Id: id } = await api.json<{ Id: string }>('POST', '/containers/create', createBody(image, ['true'], network, true));
  const t1 = performance.now();
  const [stream, waiting] = await Promise.all([api.attach(id), api.head('POST', `/containers/${id}/wait?condition=next-exit`)]);
  if (waiting.statusCode !== 200) throw new Error(`wait for ${id} answered ${waiting.statusCode}: ${await readBody(waiting)}`);
  const ended = streamEnd(stream);
  const t2 = performance.now();
  await api.call('POST', `/containers/${id}/start`);
  const t3 = performance.now();
  const [result] = await Promise.all([readBody(waiting), ended]);
  const status = (JSON.parse(result) as { StatusCode: number }).StatusCode;
  if (status !== 0) throw new Error(`container ${id} (true, network ${network}) exited ${status}`);
  const t4 = performance.now();
  await api.call('DELETE', `/containers/${id}`);
  const t5 = performance.now();
  return { create: t1 - t0, attach: t2 - t1, start: t3 - t2, wait: t4 - t3, delete: t5 - t4, total: t5 - t0 };
}
