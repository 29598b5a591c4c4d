// The container and network endpoints on the wire, against a real berthd: status codes and
// messages as Docker's, the wait answer's headers before the exit, attach and exec start hijacked
// both ways (Upgrade: tcp, and a plain HTTP/1.1 request as older clients send), stdcopy framing
// without a TTY and raw bytes with one, logs, stats, top, list filters and events.
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { StdcopyReader } from '../../../engine/src/api/stdcopy';
import { apiRequest, type RawResponse } from './apiRequest';
import { removeDaemonDir, startContainerDaemon, type ContainerDaemon } from './containerDaemon';

interface Hijacked {
  readonly socket: Socket;
  readonly head: string;
  /** Everything received after the head, until the connection ends. */
  readonly rest: Promise<Buffer>;
}

/** Sends a request on a fresh connection and reads the answer's head by hand, as a hijacking client does. */
function hijack(socketPath: string, method: string, path: string, options: { upgrade: boolean; body?: string; afterBody?: Buffer }): Promise<Hijacked> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const body = Buffer.from(options.body ?? '');
    const head = [`${method} ${path} HTTP/1.1`, 'Host: berth', ...(options.upgrade ? ['Connection: Upgrade', 'Upgrade: tcp'] : []), ...(body.length ? ['Content-Type: application/json'] : []), `Content-Length: ${body.length}`, '', ''].join('\r\n');
    socket.write(Buffer.concat([Buffer.from(head), body, options.afterBody ?? Buffer.alloc(0)]));
    let received = Buffer.alloc(0);
    let split = -1;
    let resolveRest!: (b: Buffer) => void;
    const rest = new Promise<Buffer>((r) => (resolveRest = r));
    socket.on('data', (c: Buffer) => {
      received = Buffer.concat([received, c]);
      if (split < 0) {
        split = received.indexOf('\r\n\r\n');
        if (split >= 0) resolve({ socket, head: received.subarray(0, split).toString('latin1'), rest });
      }
    });
    socket.on('close', () => resolveRest(split < 0 ? Buffer.alloc(0) : received.subarray(split + 4)));
    socket.on('error', reject);
  });
}

function demux(bytes: Buffer): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  for (const f of new StdcopyReader().push(bytes)) if (f.stream === 'stdout' || f.stream === 'stderr') out[f.stream] += f.payload.toString();
  return out;
}

describe('container endpoints on the wire', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;
  const api = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    apiRequest(d.daemon.socket, method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'Content-Type': 'application/json' });
  const create = async (body: Record<string, unknown>, name?: string): Promise<string> => {
    const res = await api('POST', `/v1.47/containers/create${name ? `?name=${name}` : ''}`, { Image: 'busybox', ...body });
    assert.equal(res.status, 201, res.body.toString());
    return (res.json() as { Id: string }).Id;
  };
  const message = (res: RawResponse) => (res.json() as { message: string }).message;

  before(async () => {
    d = await startContainerDaemon('ctrapi');
  });
  after(async () => {
    if (!d) return;
    for (const c of (await api('GET', '/containers/json?all=1')).json() as { Id: string }[]) await api('DELETE', `/containers/${c.Id}?force=1`);
    await d.daemon.stop();
    await removeDaemonDir(d.dir);
  });

  it("create answers 201 with the id, 404 for an unknown image (Docker's text), 409 for a name in use, 400 for bad input", async () => {
    const res = await api('POST', '/containers/create?name=first', { Image: 'busybox', Cmd: ['true'] });
    assert.equal(res.status, 201);
    assert.match((res.json() as { Id: string }).Id, /^[0-9a-f]{64}$/);
    assert.deepEqual((res.json() as { Warnings: unknown }).Warnings, []);
    const unknown = await api('POST', '/containers/create', { Image: 'nosuch' });
    assert.deepEqual([unknown.status, message(unknown)], [404, 'No such image: nosuch:latest']);
    const clash = await api('POST', '/containers/create?name=first', { Image: 'busybox' });
    assert.equal(clash.status, 409);
    assert.match(message(clash), /^Conflict\. The container name "\/first" is already in use by container "[0-9a-f]{64}"/);
    assert.equal((await api('POST', '/containers/create', { Image: 'busybox', HostConfig: { Memory: 1 } })).status, 400);
    assert.equal((await api('POST', '/containers/create', { Image: 'busybox', HostConfig: { NetworkMode: 'nonet' } })).status, 404);
    const bad = await apiRequest(d.daemon.socket, 'POST', '/containers/create', '{"Image":', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal((await api('DELETE', '/containers/first')).status, 204);
    assert.equal((await api('DELETE', '/containers/first')).status, 404);
  });

  it('start is 204 then 304, stop is 204 then 304; a running container is not removed without force (409)', async () => {
    const id = await create({ Cmd: ['sleep', '1000'], HostConfig: { Init: true } });
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 204);
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 304);
    assert.equal((await api('DELETE', `/containers/${id}`)).status, 409);
    assert.equal((await api('POST', `/containers/${id}/stop?t=5`)).status, 204);
    assert.equal((await api('POST', `/containers/${id}/stop`)).status, 304);
    const kill = await api('POST', `/containers/${id}/kill`);
    assert.deepEqual([kill.status, message(kill)], [409, `Container ${id} is not running`]);
    assert.equal((await api('DELETE', `/containers/${id}`)).status, 204);
  });

  it("wait answers with its headers at once and with the exit status when it comes", async () => {
    const id = await create({ Cmd: ['sh', '-c', 'exit 42'] });
    // resolves with the body still to come: an object, so awaiting it does not wait for the body too
    const answer = await new Promise<{ body: Promise<string> }>((resolve, reject) => {
      const req = request({ socketPath: d.daemon.socket, method: 'POST', path: `/v1.47/containers/${id}/wait?condition=next-exit` }, (res) => {
        assert.equal(res.statusCode, 200);
        resolve({
          body: new Promise((done) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => done(text));
          }),
        });
      });
      req.on('error', reject);
      req.end();
    });
    // the headers are in before the container has even started
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 204);
    assert.deepEqual(JSON.parse(await answer.body), { StatusCode: 42 });
    assert.equal((await api('POST', `/containers/${id}/wait?condition=sometime`)).status, 400);
    assert.deepEqual((await api('POST', `/containers/${id}/wait`)).json(), { StatusCode: 42 }, 'not-running: at once for a stopped container');
    await api('DELETE', `/containers/${id}`);
  });

  it('attach before start over Upgrade: tcp: 101, stdcopy frames apart, the stream ends with the process', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    const h = await hijack(d.daemon.socket, 'POST', `/v1.47/containers/${id}/attach?stream=1&stdout=1&stderr=1`, { upgrade: true });
    assert.match(h.head, /^HTTP\/1\.1 101 UPGRADED\r\nContent-Type: application\/vnd\.docker\.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp$/);
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 204);
    assert.deepEqual(demux(await h.rest), { stdout: 'out\n', stderr: 'err\n' });
    assert.deepEqual((await api('POST', `/containers/${id}/wait`)).json(), { StatusCode: 3 });
    await api('DELETE', `/containers/${id}`);
  });

  it('attach as a plain HTTP/1.1 request (older clients): 200 raw-stream, stdin sent after the answer reaches the process', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'read line; echo "got $line"'], OpenStdin: true, StdinOnce: true });
    assert.equal((await api('POST', `/containers/${id}/start`)).status, 204);
    const h = await hijack(d.daemon.socket, 'POST', `/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1`, { upgrade: false });
    assert.match(h.head, /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/vnd\.docker\.raw-stream$/);
    h.socket.write('hello\n');
    h.socket.end(); // our half-close is the process's EOF
    assert.deepEqual(demux(await h.rest), { stdout: 'got hello\n', stderr: '' });
    await api('DELETE', `/containers/${id}?force=1`);
  });

  it('a TTY: raw bytes, resize, logs without framing', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'stty size; read x; stty size'], Tty: true, OpenStdin: true, HostConfig: { ConsoleSize: [24, 80] } });
    const h = await hijack(d.daemon.socket, 'POST', `/v1.47/containers/${id}/attach?stream=1&stdin=1&stdout=1`, { upgrade: true });
    assert.match(h.head, /Content-Type: application\/vnd\.docker\.raw-stream/);
    await api('POST', `/containers/${id}/start`);
    const resized = await api('POST', `/containers/${id}/resize?h=50&w=132`);
    assert.equal(resized.status, 200);
    h.socket.write('\n');
    const out = (await h.rest).toString();
    assert.match(out, /24 80\r\n[\s\S]*50 132\r\n/);
    const logs = await api('GET', `/containers/${id}/logs?stdout=1`);
    assert.match(logs.headers['content-type'] as string, /raw-stream/);
    assert.match(logs.body.toString(), /^24 80\r\n/);
    await api('POST', `/containers/${id}/wait`);
    assert.equal((await api('DELETE', `/containers/${id}`)).status, 204);
  });

  it('exec: create 201, start hijacked with stdin right behind the body, inspect has the exit code once the stream ended; a second start is 409', async () => {
    const id = await create({ Cmd: ['sleep', '1000'], HostConfig: { Init: true } });
    await api('POST', `/containers/${id}/start`);
    const created = await api('POST', `/containers/${id}/exec`, { Cmd: ['sh', '-c', 'cat; echo done >&2; exit 5'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
    assert.equal(created.status, 201);
    const execId = (created.json() as { Id: string }).Id;
    const before = (await api('GET', `/exec/${execId}/json`)).json() as { Running: boolean; ExitCode: number | null };
    assert.deepEqual([before.Running, before.ExitCode], [false, null]);
    const h = await hijack(d.daemon.socket, 'POST', `/v1.47/exec/${execId}/start`, { upgrade: true, body: JSON.stringify({ Detach: false, Tty: false }), afterBody: Buffer.from('piped\n') });
    assert.match(h.head, /^HTTP\/1\.1 101 UPGRADED/);
    h.socket.end();
    assert.deepEqual(demux(await h.rest), { stdout: 'piped\n', stderr: 'done\n' });
    const after = (await api('GET', `/exec/${execId}/json`)).json() as { Running: boolean; ExitCode: number; ContainerID: string; ProcessConfig: { entrypoint: string } };
    assert.deepEqual([after.Running, after.ExitCode, after.ContainerID, after.ProcessConfig.entrypoint], [false, 5, id, 'sh']);
    assert.equal((await api('POST', `/exec/${execId}/start`, { Detach: true })).status, 409);
    assert.equal((await api('POST', `/containers/${id}/exec`, { Cmd: [] })).status, 400);
    const missing = (await api('POST', `/containers/${id}/exec`, { Cmd: ['nope'], AttachStdout: true })).json() as { Id: string };
    const m = await hijack(d.daemon.socket, 'POST', `/exec/${missing.Id}/start`, { upgrade: true, body: '{}' });
    assert.match(demux(await m.rest).stdout, /executable file not found/);
    assert.equal(((await api('GET', `/exec/${missing.Id}/json`)).json() as { ExitCode: number }).ExitCode, 127);
    assert.equal((await api('GET', '/exec/0123/json')).status, 404);
    await api('DELETE', `/containers/${id}?force=1`);
  });

  it('logs: streams framed, tail, timestamps, since, follow ending with the container', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'echo one; echo two >&2; echo three; read x'], OpenStdin: true });
    await api('POST', `/containers/${id}/start`);
    await d.waitForLog(id, 'three');
    const all = await api('GET', `/containers/${id}/logs?stdout=1&stderr=1`);
    assert.match(all.headers['content-type'] as string, /multiplexed-stream/);
    const both = demux(all.body);
    assert.deepEqual([both.stdout, both.stderr], ['one\nthree\n', 'two\n']);
    assert.deepEqual(demux((await api('GET', `/containers/${id}/logs?stdout=1`)).body), { stdout: 'one\nthree\n', stderr: '' });
    assert.equal(demux((await api('GET', `/containers/${id}/logs?stdout=1&tail=1`)).body).stdout, 'three\n');
    assert.match(demux((await api('GET', `/containers/${id}/logs?stdout=1&timestamps=1`)).body).stdout, /^\d{4}-\d\d-\d\dT[\d:.]+Z one\n/);
    assert.equal((await api('GET', `/containers/${id}/logs?stdout=1&since=${Math.floor(Date.now() / 1000) + 3600}`)).body.length, 0);
    assert.equal((await api('GET', `/containers/${id}/logs`)).status, 400);
    const follow = api('GET', `/containers/${id}/logs?stdout=1&follow=1`);
    await api('POST', `/containers/${id}/kill`);
    assert.equal(demux((await follow).body).stdout, 'one\nthree\n');
    await api('DELETE', `/containers/${id}`);
  });

  it('stats (one document with precpu filled, or zeros when stopped) and top', async () => {
    const id = await create({ Cmd: ['sleep', '1000'], HostConfig: { Init: true } });
    const stopped = (await api('GET', `/containers/${id}/stats?stream=0`)).json() as { read: string; pids_stats: object };
    assert.deepEqual([stopped.read, stopped.pids_stats], ['0001-01-01T00:00:00Z', {}]);
    await api('POST', `/containers/${id}/start`);
    const s = (await api('GET', `/containers/${id}/stats?stream=0`)).json() as {
      name: string; cpu_stats: { system_cpu_usage: number }; precpu_stats: { system_cpu_usage: number }; memory_stats: { usage: number }; pids_stats: { current: number };
    };
    assert.equal(s.name, ((await api('GET', `/containers/${id}/json`)).json() as { Name: string }).Name);
    assert.ok(s.precpu_stats.system_cpu_usage > 0 && s.cpu_stats.system_cpu_usage > s.precpu_stats.system_cpu_usage, 'two samples');
    assert.ok(s.memory_stats.usage > 0);
    assert.equal(s.pids_stats.current, 2, 'tini and sleep');
    const oneShot = (await api('GET', `/containers/${id}/stats?stream=0&one-shot=1`)).json() as { precpu_stats: object };
    assert.ok(oneShot.precpu_stats !== undefined);
    const top = (await api('GET', `/containers/${id}/top?ps_args=-o%20pid,comm`)).json() as { Titles: string[]; Processes: string[][] };
    assert.deepEqual(top.Titles, ['PID', 'COMMAND']);
    assert.deepEqual(top.Processes.map((p) => p[1]).sort(), ['docker-init', 'sleep']);
    await api('DELETE', `/containers/${id}?force=1`);
  });

  it('lists with all, limit and filters (status, label, name, ancestor, exited, before)', async () => {
    const a = await create({ Cmd: ['true'], Labels: { tier: 'a' } }, 'list-a');
    const b = await create({ Cmd: ['sh', '-c', 'exit 2'], Labels: { tier: 'b' } }, 'list-b');
    await api('POST', `/containers/${b}/start`);
    await api('POST', `/containers/${b}/wait`);
    // only these two count: other tests' containers may exist meanwhile
    const list = (q: string) => api('GET', `/containers/json?${q}`).then((r) => (r.json() as { Id: string; Names: string[] }[]).filter((c) => c.Id === a || c.Id === b).map((c) => c.Id));
    assert.deepEqual(await list(''), [], 'running ones only by default');
    assert.deepEqual(await list('all=1'), [b, a]);
    assert.equal(((await api('GET', '/containers/json?all=1&limit=1')).json() as unknown[]).length, 1);
    const f = (filters: object) => `filters=${encodeURIComponent(JSON.stringify(filters))}`;
    assert.deepEqual(await list(f({ status: ['exited'] })), [b]);
    assert.deepEqual(await list(f({ status: ['created'] })), [a]);
    assert.deepEqual(await list(`all=1&${f({ label: ['tier=a'] })}`), [a]);
    assert.deepEqual(await list(`all=1&${f({ name: ['list-b'] })}`), [b]);
    assert.deepEqual(await list(`all=1&${f({ ancestor: ['busybox'] })}`), [b, a]);
    assert.deepEqual(await list(`all=1&${f({ exited: ['2'] })}`), [b]);
    assert.deepEqual(await list(`all=1&${f({ before: ['list-b'] })}`), [a]);
    assert.equal((await api('GET', `/containers/json?${f({ colour: ['red'] })}`)).status, 400);
    const summary = ((await api('GET', `/containers/json?all=1&${f({ name: ['list-b'] })}`)).json() as { Names: string[]; State: string; Status: string; Command: string }[])[0]!;
    assert.deepEqual([summary.Names, summary.State, summary.Command], [['/list-b'], 'exited', "sh -c 'exit 2'"]);
    assert.match(summary.Status, /^Exited \(2\) /);
    await api('DELETE', `/containers/${a}`);
    await api('DELETE', `/containers/${b}`);
  });

  it('networks: create 201 and 409 on a name in use, inspect, connect a stopped container, prune, remove', async () => {
    const created = await api('POST', '/networks/create', { Name: 'wire', IPAM: { Config: [{ Subnet: '10.232.0.0/24' }] }, Labels: { k: 'v' } });
    assert.equal(created.status, 201);
    const netId = (created.json() as { Id: string }).Id;
    const dup = await api('POST', '/networks/create', { Name: 'wire' });
    assert.deepEqual([dup.status, message(dup)], [409, 'network with name wire already exists']);
    assert.equal((await api('GET', '/networks/nonet')).status, 404);
    const listed = (await api('GET', `/networks?filters=${encodeURIComponent(JSON.stringify({ label: ['k=v'] }))}`)).json() as { Name: string }[];
    assert.deepEqual(listed.map((n) => n.Name), ['wire']);
    const id = await create({ Cmd: ['sh', '-c', 'ip -4 addr show eth1 | grep -o "inet [0-9.]*"'] });
    assert.equal((await api('POST', `/networks/${netId}/connect`, { Container: id, EndpointConfig: { IPAMConfig: { IPv4Address: '10.232.0.77' } } })).status, 200);
    await api('POST', `/containers/${id}/start`);
    await api('POST', `/containers/${id}/wait`);
    assert.equal(demux((await api('GET', `/containers/${id}/logs?stdout=1`)).body).stdout, 'inet 10.232.0.77\n');
    const inspect = (await api('GET', `/containers/${id}/json`)).json() as { NetworkSettings: { Networks: Record<string, { IPAMConfig: unknown }> } };
    assert.deepEqual(Object.keys(inspect.NetworkSettings.Networks).sort(), ['bridge', 'wire']);
    assert.equal((await api('POST', `/networks/${netId}/disconnect`, { Container: id })).status, 200);
    assert.equal((await api('POST', `/networks/${netId}/disconnect`, { Container: id })).status, 404);
    await api('DELETE', `/containers/${id}`);
    const pruned = (await api('POST', '/networks/prune')).json() as { NetworksDeleted: string[] };
    assert.deepEqual(pruned.NetworksDeleted, ['wire']);
    assert.equal((await api('DELETE', '/networks/bridge')).status, 409);
  });

  it('/events: container and network events, filtered by type', async () => {
    const since = Date.now() / 1000 - 1;
    const id = await create({ Cmd: ['true'] }, 'evented');
    await api('POST', `/containers/${id}/start`);
    await api('POST', `/containers/${id}/wait`);
    await api('DELETE', `/containers/${id}`);
    const until = Date.now() / 1000 + 1;
    const read = async (filters: object) => (await api('GET', `/events?since=${since}&until=${until}&filters=${encodeURIComponent(JSON.stringify(filters))}`)).body.toString()
      .trim().split('\n').map((l) => JSON.parse(l) as { Type: string; Action: string; Actor: { ID: string; Attributes: Record<string, string> } });
    const containerEvents = (await read({ type: ['container'] })).filter((e) => e.Actor.ID === id).map((e) => e.Action);
    assert.deepEqual(containerEvents, ['create', 'start', 'die', 'destroy']);
    const die = (await read({ type: ['container'], event: ['die'] })).find((e) => e.Actor.ID === id)!;
    assert.deepEqual([die.Actor.Attributes.name, die.Actor.Attributes.image, die.Actor.Attributes.exitCode], ['evented', 'busybox', '0']);
    const network = (await read({ type: ['network'] })).filter((e) => e.Actor.Attributes.container === id).map((e) => e.Action);
    assert.deepEqual(network, ['connect', 'disconnect']);
  });
});
