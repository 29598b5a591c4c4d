import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

describe('LineTooLong', () => {
  it('reports a line over 65535 bytes of UTF-8', () => {
    const long = 'RUN echo ' + 'x'.repeat(65536 - 9);
    assert.deepEqual(findings('LineTooLong', `FROM alpine\n${long}\n`), ['2:0-2:65536 dockerfile line greater than max allowed size of 65535']);
    const multibyte = 'RUN echo ' + 'é'.repeat(32764);
    assert.equal(Buffer.byteLength(multibyte), 65537);
    assert.deepEqual(findings('LineTooLong', `FROM alpine\n${multibyte}`), ['2:0-2:32773 dockerfile line greater than max allowed size of 65535']);
  });

  it('accepts lines up to the limit', () => {
    assertClean('LineTooLong', `FROM alpine\nRUN echo ${'x'.repeat(65535 - 9)}\n`, `FROM alpine\nRUN echo ${'é'.repeat(32763)}\n`);
  });
});
