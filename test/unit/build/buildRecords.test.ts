import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildRecords, buildSteps, newBuildId, type BuildRecord, type StepRecord } from '../../../engine/src/build/buildRecords';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

function step(startLine: number, extra: Partial<StepRecord> = {}): StepRecord {
  return {
    position: `0:${startLine}`, stage: 0, instruction: 'COPY', text: 'COPY a /a', file: '/ctx/Dockerfile', startLine, endLine: startLine,
    key: `sha256:${String(startLine).padStart(64, '0')}`, cached: false, reason: 'not built before', layerSize: 10, durationMs: 1.5, log: '', ...extra,
  };
}

function record(id: string, dockerfile = '/ctx/Dockerfile', steps: StepRecord[] = [step(1)]): BuildRecord {
  return { id, dockerfile, startedAt: new Date().toISOString(), durationMs: 5, status: 'succeeded', tags: [], steps };
}

describe('BuildRecords', () => {
  let dir: string;

  beforeEach(() => {
    dir = scratchDir('records');
  });

  afterEach(() => removeScratch(dir));

  it('returns the newest build of a Dockerfile, and none for another', async () => {
    const records = await BuildRecords.open(dir);
    await records.save(record(newBuildId(1000)));
    await records.save(record(newBuildId(2000), '/ctx/Dockerfile', [step(4)]));
    await records.save(record(newBuildId(3000), '/other/Dockerfile'));
    assert.equal((await records.lastBuild('/ctx/Dockerfile'))?.steps[0]!.startLine, 4);
    assert.equal((await records.lastBuild('/nowhere/Dockerfile')), undefined);
    assert.equal((await records.list('/ctx/Dockerfile')).length, 2);
  });

  it('keeps the 20 newest builds per Dockerfile', async () => {
    const records = await BuildRecords.open(dir);
    for (let i = 0; i < 25; i++) await records.save(record(newBuildId(1000 + i)));
    assert.equal((await records.list('/ctx/Dockerfile')).length, 20);
  });

  it('skips a damaged record instead of failing', async () => {
    const records = await BuildRecords.open(dir);
    await records.save(record(newBuildId(1000)));
    const folder = readdirSync(dir)[0]!;
    writeFileSync(join(dir, folder, `${newBuildId(5000)}.json`), '{"truncated');
    assert.equal((await records.lastBuild('/ctx/Dockerfile'))?.steps.length, 1);
  });

  it('gives the editor its BuildHistory steps: lines, layer size, cached, duration', () => {
    assert.deepEqual(buildSteps(record('x', '/d', [step(0, { cached: true, layerSize: 0 }), step(2, { endLine: 5 })])), [
      { startLine: 0, endLine: 0, layerSize: 0, cached: true, durationMs: 1.5 },
      { startLine: 2, endLine: 5, layerSize: 10, cached: false, durationMs: 1.5 },
    ]);
  });

  it('makes ids that sort by time', () => {
    assert.ok(newBuildId(1) < newBuildId(2) && newBuildId(2) < newBuildId(10_000_000_000));
  });
});
