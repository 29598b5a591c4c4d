import * as assert from 'node:assert/strict';
import { goTime, humanAge, humanDuration, humanSize } from '../../../engine/src/cli/humanUnits';

describe('humanSize', () => {
  it('prints decimal units with three significant digits, as docker images does', () => {
    assert.deepEqual([0, 999, 1000, 16389, 7_800_000, 1_234_567_890].map((n) => humanSize(n)), ['0B', '999B', '1kB', '16.4kB', '7.8MB', '1.23GB']);
    assert.equal(humanSize(12_345_678, 4), '12.35MB');
  });
});

describe('humanDuration', () => {
  it("follows go-units' HumanDuration buckets", () => {
    const cases: [number, string][] = [
      [0.2, 'Less than a second'], [1, '1 second'], [45, '45 seconds'], [61, 'About a minute'], [600, '10 minutes'],
      [3600, 'About an hour'], [7200, '2 hours'], [3 * 86400, '3 days'], [20 * 86400, '2 weeks'], [90 * 86400, '3 months'], [800 * 86400, '2 years'],
    ];
    for (const [seconds, text] of cases) assert.equal(humanDuration(seconds), text, String(seconds));
    assert.equal(humanAge(1000, 1000 + 7200), '2 hours ago');
    assert.equal(humanAge(0), 'N/A');
    assert.equal(goTime(1577836800), '2020-01-01 00:00:00 +0000 UTC');
  });
});
