import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('ArgumentCount', () => {
  it('requires a source and a destination for COPY and ADD', () => {
    assert.deepEqual(findings('ArgumentCount', 'FROM alpine\nCOPY a\nADD\n'), [
      '2:5-2:6 COPY requires at least two arguments, but only one was provided. Destination could not be determined',
      '3:0-3:3 ADD requires at least two arguments, but only one was provided. Destination could not be determined',
    ]);
    assert.deepEqual(findings('ArgumentCount', 'FROM alpine\nCOPY ["a"]\n'), [
      '2:6-2:9 COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    ]);
  });

  it('requires one or three arguments for FROM, the second being AS', () => {
    assert.deepEqual(findings('ArgumentCount', 'FROM\nFROM a b c\nFROM a AS\nFROM a b\nFROM a AS b c\n'), [
      '1:0-1:4 FROM requires either one or three arguments (write FROM <image> [AS <name>])',
      '2:7-2:8 FROM requires either one or three arguments (the second argument must be AS, not b)',
      '3:7-3:9 FROM requires either one or three arguments (AS needs a stage name after it)',
      '4:7-4:8 FROM requires either one or three arguments (write FROM <image> [AS <name>])',
      '5:7-5:13 FROM requires either one or three arguments (write FROM <image> [AS <name>])',
    ]);
  });

  it('requires exactly one argument where BuildKit does, and at least one elsewhere', () => {
    assert.deepEqual(findings('ArgumentCount', 'FROM alpine\nWORKDIR\nUSER\nSTOPSIGNAL\nMAINTAINER\nENV\nLABEL\nARG\nEXPOSE\nVOLUME\nSHELL []\nONBUILD\nHEALTHCHECK\n'), [
      '2:0-2:7 WORKDIR requires exactly one argument',
      '3:0-3:4 USER requires exactly one argument',
      '4:0-4:10 STOPSIGNAL requires exactly one argument',
      '5:0-5:10 MAINTAINER requires exactly one argument',
      '6:0-6:3 ENV requires at least one argument',
      '7:0-7:5 LABEL requires at least one argument',
      '8:0-8:3 ARG requires at least one argument',
      '9:0-9:6 EXPOSE requires at least one argument',
      '10:0-10:6 VOLUME requires at least one argument',
      '11:0-11:5 SHELL requires at least one argument',
      '12:0-12:7 ONBUILD requires at least one argument',
      '13:0-13:11 HEALTHCHECK requires at least one argument',
    ]);
  });

  it('checks HEALTHCHECK NONE and CMD', () => {
    assert.deepEqual(findings('ArgumentCount', 'FROM alpine\nHEALTHCHECK NONE CMD true\nHEALTHCHECK CMD\nHEALTHCHECK CMD []\n'), [
      '2:17-2:25 HEALTHCHECK NONE takes no arguments',
      '3:12-3:15 Missing command after HEALTHCHECK CMD',
      '4:12-4:15 Missing command after HEALTHCHECK CMD',
    ]);
  });

  it('checks ONBUILD triggers', () => {
    assert.deepEqual(findings('ArgumentCount', 'FROM alpine\nONBUILD COPY a\n'), [
      '2:13-2:14 COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    ]);
  });

  it('accepts what BuildKit accepts: empty CMD/ENTRYPOINT/RUN, USER with spaces, JSON forms, heredocs', () => {
    assertClean(
      'ArgumentCount',
      'FROM alpine AS build\nfrom alpine as b2\nCMD\nENTRYPOINT []\nRUN\nUSER a b\nWORKDIR /my dir\nCOPY ["a b", "/c/"]\nCOPY <<EOF /x\nhi\nEOF\nHEALTHCHECK NONE\nHEALTHCHECK CMD ["true"]\nSHELL ["sh"]\nONBUILD RUN x\nARG A B=c\n',
    );
  });

  it('leaves instructions the parser already rejects to the parse error rules', () => {
    assertClean('ArgumentCount', 'FROM alpine\nENV FOO\nCOPY ["a", 1]\n');
  });

  it('removes what follows HEALTHCHECK NONE', () => {
    assertFixes('ArgumentCount', 'FROM alpine\nHEALTHCHECK NONE CMD true\n', 'FROM alpine\nHEALTHCHECK NONE\n');
  });
});
