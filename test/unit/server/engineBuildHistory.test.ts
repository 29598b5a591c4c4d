import { strict as assert } from 'node:assert';
import { EngineBuildHistory, stepsFromRecord } from '../../../server/src/engineBuildHistory';

describe('stepsFromRecord', () => {
  it("keeps each step's lines, layer size, cache status and duration; drops malformed steps", () => {
    const record = {
      id: 'b1',
      steps: [
        { startLine: 0, endLine: 0, layerSize: 0, cached: true, durationMs: 0.4, log: 'x', key: 'sha256:1' },
        { startLine: 2, endLine: 3, layerSize: 2048, cached: false, durationMs: 12 },
        { startLine: '4', endLine: 4 },
        null,
        { startLine: 5, endLine: 5, layerSize: 'big', cached: 'yes' },
      ],
    };
    assert.deepEqual(stepsFromRecord(record), {
      id: 'b1',
      steps: [
        { startLine: 0, endLine: 0, layerSize: 0, cached: true, durationMs: 0.4 },
        { startLine: 2, endLine: 3, layerSize: 2048, cached: false, durationMs: 12 },
        { startLine: 5, endLine: 5 },
      ],
    });
  });

  it('is undefined for what is not a build record', () => {
    for (const reply of [null, 'x', {}, { id: 1, steps: [] }, { id: 'a', steps: {} }]) assert.equal(stepsFromRecord(reply), undefined);
  });
});

describe('EngineBuildHistory without an engine', () => {
  it('answers at once with nothing, for file URIs and others alike', async () => {
    const history = new EngineBuildHistory({ sockets: () => ['/nonexistent/berth.sock'], retryMs: 60_000 });
    try {
      assert.equal(history.lastBuild('file:///work/app/Dockerfile'), undefined);
      assert.equal(history.lastBuild('untitled:Untitled-1'), undefined);
      await history.refresh('/work/app/Dockerfile');
      assert.equal(history.lastBuild('file:///work/app/Dockerfile'), undefined);
    } finally {
      history.close();
    }
  });
});
