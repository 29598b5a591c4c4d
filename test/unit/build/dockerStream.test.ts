import { strict as assert } from 'node:assert';
import type { StepRecord } from '../../../engine/src/build/buildRecords';
import { BuildError, type StepProgress } from '../../../engine/src/build/buildRequest';
import { DockerBuildStream, type DockerStreamItem } from '../../../engine/src/build/dockerStream';
import type { Digest } from '../../../engine/src/image/digest';

const step = (index: number, text: string): StepProgress => ({ index, total: 3, stage: 0, text, file: 'Dockerfile', startLine: index - 1, endLine: index - 1 });
const record = (instruction: string, cached: boolean, key: string): StepRecord => ({
  position: '0:0', stage: 0, instruction, text: '', file: 'Dockerfile', startLine: 0, endLine: 0, key, cached, layerSize: 0, durationMs: 1, log: '',
});

describe('DockerBuildStream', () => {
  it('writes the classic builder\'s stream: steps, cache hits, output lines, IDs, result', () => {
    const items: DockerStreamItem[] = [];
    const stream = new DockerBuildStream((i) => items.push(i));
    const key = (c: string) => `sha256:${c.repeat(64)}`;
    stream.event({ type: 'step-start', step: step(1, 'FROM busybox') });
    stream.event({ type: 'step-done', step: step(1, 'FROM busybox'), record: record('FROM', true, key('a')) });
    stream.event({ type: 'step-start', step: step(2, 'ENV A=1') });
    stream.event({ type: 'step-done', step: step(2, 'ENV A=1'), record: record('ENV', true, key('b')) });
    stream.event({ type: 'step-start', step: step(3, 'RUN echo hi') });
    stream.event({ type: 'step-output', step: step(3, 'RUN echo hi'), stream: 'stdout', text: 'h' });
    stream.event({ type: 'step-output', step: step(3, 'RUN echo hi'), stream: 'stdout', text: 'i\nthere' });
    stream.event({ type: 'step-done', step: step(3, 'RUN echo hi'), record: record('RUN', false, key('c')) });
    stream.event({ type: 'pull', reference: 'busybox', progress: { status: 'Downloading', id: 'abc', progressDetail: { current: 1, total: 2 } } });
    stream.result({ imageId: key('d') as Digest, tags: ['docker.io/library/app:latest', 'localhost:5000/x:1'], record: { id: '', dockerfile: '', startedAt: '', durationMs: 0, status: 'succeeded', tags: [], steps: [] } });
    assert.deepEqual(items, [
      { stream: 'Step 1/3 : FROM busybox\n' },
      { stream: ' ---> aaaaaaaaaaaa\n' },
      { stream: 'Step 2/3 : ENV A=1\n' },
      { stream: ' ---> Using cache\n' },
      { stream: ' ---> bbbbbbbbbbbb\n' },
      { stream: 'Step 3/3 : RUN echo hi\n' },
      { stream: 'hi\n' },
      { stream: 'there\n' },
      { status: 'Downloading', id: 'abc', progressDetail: { current: 1, total: 2 } },
      { stream: ' ---> dddddddddddd\n' },
      { aux: { ID: key('d') } },
      { stream: 'Successfully built dddddddddddd\n' },
      { stream: 'Successfully tagged app:latest\n' },
      { stream: 'Successfully tagged localhost:5000/x:1\n' },
    ]);
  });

  it('ends a failed build with errorDetail: location, exit code and last lines', () => {
    const items: DockerStreamItem[] = [];
    new DockerBuildStream((i) => items.push(i)).error(new BuildError('failed-precondition', { message: 'exit code: 2', file: 'Dockerfile', startLine: 4, endLine: 4, exitCode: 2, lastLines: ['oops'] }));
    assert.deepEqual(items, [{ errorDetail: { message: 'Dockerfile:5: exit code: 2\noops', code: 2 }, error: 'Dockerfile:5: exit code: 2\noops' }]);
  });
});
