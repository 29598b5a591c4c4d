import { strict as assert } from 'node:assert';
import { catches, catchesNot } from './ruleCases';
import { ruleById } from '../../../../../engine/src/dockerfile/lint/rules';

describe('dl4003 (DL4003 several CMDs) and dl4004 (DL4004 several ENTRYPOINTs)', () => {
  for (const [id, keyword, severity] of [
    ['DL4003', 'CMD', 'warning'],
    ['DL4004', 'ENTRYPOINT', 'error'],
  ]) {
    it(`${id}: reports the later ${keyword}s of a stage`, () => {
      const [d] = catches(id, `FROM debian\n${keyword} bash\nRUN foo\n${keyword} another\n`, 1);
      assert.equal(d.range.start.line, 3);
      assert.equal(d.severity, severity);
      assert.equal(
        d.message,
        `Multiple \`${keyword}\` instructions found. If you list more than one \`${keyword}\` then only the last \`${keyword}\` will take effect`,
      );
      catches(id, `FROM debian as distro1\n${keyword} bash\nRUN foo\n${keyword} another\nFROM debian as distro2\n${keyword} another\n`, 1);
    });

    it(`${id}: counts per stage`, () => {
      catchesNot(id, `FROM debian as distro1\n${keyword} bash\nRUN foo\nFROM debian as distro2\n${keyword} another\n`);
      catchesNot(id, `${keyword} /bin/true\n`);
      catchesNot(id, 'FROM busybox\n');
    });

    it(`${id}: declares its BuildKit counterpart`, () => {
      assert.deepEqual(ruleById(id)?.equivalentTo, ['MultipleInstructionsDisallowed']);
    });
  }
});
