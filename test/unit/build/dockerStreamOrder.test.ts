import { strict as assert } from 'node:assert';
import type { BuildEvent, StepProgress } from '../../../engine/src/build/buildRequest';
import type { StepRecord } from '../../../engine/src/build/buildRecords';
import { DockerBuildStream, type DockerStreamItem } from '../../../engine/src/build/dockerStream';
import type { Digest } from '../../../engine/src/image/digest';

const step = (index: number, stage: number, text: string): StepProgress => ({ index, total: 4, stage, text, file: 'Dockerfile', startLine: index - 1, endLine: index - 1 });
const done = (s: StepProgress, key: string): BuildEvent => ({
  type: 'step-done', step: s,
  record: { position: `${s.stage}:x`, stage: s.stage, instruction: s.text.split(' ')[0]!, text: s.text, file: 'Dockerfile', startLine: 0, endLine: 0, key: `sha256:${key.repeat(64)}`, cached: false, layerSize: 0, durationMs: 1, log: '' } as StepRecord,
});

describe('DockerBuildStream: parallel stages read in step order', () => {
  it("holds a later stage's steps until the earlier steps are done, then writes them in order", () => {
    const items: DockerStreamItem[] = [];
    const stream = new DockerBuildStream((i) => items.push(i));
    const [a1, a2, b1, b2] = [step(1, 0, 'FROM busybox AS a'), step(2, 0, 'RUN slow'), step(3, 1, 'FROM busybox AS b'), step(4, 1, 'RUN fast')];
    // stage b runs while stage a's RUN is still going
    stream.event({ type: 'step-start', step: a1 });
    stream.event(done(a1, 'a'));
    stream.event({ type: 'step-start', step: a2 });
    stream.event({ type: 'step-start', step: b1 });
    stream.event(done(b1, 'b'));
    stream.event({ type: 'step-start', step: b2 });
    stream.event({ type: 'step-output', step: b2, stream: 'stdout', text: 'fast output\n' });
    stream.event({ type: 'step-output', step: a2, stream: 'stdout', text: 'slow output\n' });
    assert.deepEqual(items.map((i) => i.stream), ['Step 1/4 : FROM busybox AS a\n', ' ---> aaaaaaaaaaaa\n', 'Step 2/4 : RUN slow\n', 'slow output\n']);
    stream.event(done(b2, 'd'));
    stream.event(done(a2, 'c'));
    assert.deepEqual(items.map((i) => i.stream).slice(4), [' ---> cccccccccccc\n', 'Step 3/4 : FROM busybox AS b\n', ' ---> bbbbbbbbbbbb\n', 'Step 4/4 : RUN fast\n', 'fast output\n']);
    // the last step's line names the image, once it is written
    stream.result({ imageId: `sha256:${'e'.repeat(64)}` as Digest, tags: [], record: { id: '', dockerfile: '', startedAt: '', durationMs: 0, status: 'succeeded', tags: [], steps: [] } });
    assert.deepEqual(items.flatMap((i) => i.stream ?? []).slice(9, 11), [' ---> eeeeeeeeeeee\n', 'Successfully built eeeeeeeeeeee\n']);
  });

  it('writes what is still held before the error of a failed build', () => {
    const items: DockerStreamItem[] = [];
    const stream = new DockerBuildStream((i) => items.push(i));
    stream.event({ type: 'step-start', step: step(1, 0, 'FROM busybox') });
    stream.event({ type: 'step-start', step: step(3, 1, 'RUN other') });
    stream.event({ type: 'step-output', step: step(3, 1, 'RUN other'), stream: 'stdout', text: 'other\n' });
    stream.error(new Error('boom'));
    assert.deepEqual(items.map((i) => i.stream ?? i.error), ['Step 1/4 : FROM busybox\n', 'Step 3/4 : RUN other\n', 'other\n', 'boom']);
  });
});
