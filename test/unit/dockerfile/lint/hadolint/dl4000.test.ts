import { strict as assert } from 'node:assert';
import { catches, catchesNot, fixed } from './ruleCases';
import { ruleById } from '../../../../../engine/src/dockerfile/lint/rules';

describe('dl4000 (DL4000 MAINTAINER)', () => {
  it('reports MAINTAINER wherever it is', () => {
    for (const text of ['FROM busybox\nMAINTAINER hudu@mail.com\n', 'FROM debian\nMAINTAINER Lukas\n', 'MAINTAINER Lukas\nFROM DEBIAN\n']) {
      const [d] = catches('DL4000', text, 1);
      assert.equal(d.message, 'MAINTAINER is deprecated');
      assert.equal(d.severity, 'error');
    }
    catchesNot('DL4000', 'FROM debian\n');
  });

  it('rewrites it as a maintainer label, escaping quotes and dollars', () => {
    const text = 'FROM debian:12\nMAINTAINER Jane "JD" Doe <jane@$corp.example>\n';
    const after = fixed(text, catches('DL4000', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nLABEL maintainer="Jane \\"JD\\" Doe <jane@\\$corp.example>"\n');
    catchesNot('DL4000', after);
    assert.equal(fixed('maintainer me\n', catches('DL4000', 'maintainer me\n', 1)[0]), 'label maintainer="me"\n');
  });

  it('declares its BuildKit counterpart', () => {
    assert.deepEqual(ruleById('DL4000')?.equivalentTo, ['MaintainerDeprecated']);
  });
});
