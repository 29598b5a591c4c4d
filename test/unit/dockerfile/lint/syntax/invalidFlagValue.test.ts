import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidFlagValue', () => {
  it('requires true or false (any case) for bool flags', () => {
    assert.deepEqual(findings('InvalidFlagValue', 'FROM alpine\nCOPY --link=yes a b\nADD --unpack=1 a b\n'), [
      '2:12-2:15 expecting boolean value for flag --link, not: yes',
      '3:13-3:14 expecting boolean value for flag --unpack, not: 1',
    ]);
    assertClean('InvalidFlagValue', 'FROM alpine\nCOPY --link=TRUE --parents=False a b\nADD --keep-git-dir a b\n');
  });

  it('checks RUN --network and --security as written', () => {
    assert.deepEqual(findings('InvalidFlagValue', 'FROM alpine\nRUN --network=hots --security=Insecure true\nRUN --network=$NET true\nRUN --network= true\n'), [
      '2:14-2:18 invalid network mode "hots"',
      '2:30-2:38 security "Insecure" is not valid',
      '3:14-3:18 invalid network mode "$NET"',
      '4:14-4:14 invalid network mode ""',
    ]);
    assertClean('InvalidFlagValue', 'FROM alpine\nRUN --network=default --security=sandbox true\nRUN --network=none true\nRUN --network=host --security=insecure true\n');
  });

  it('checks --chmod after expansion, with BuildKit\'s messages', () => {
    assert.deepEqual(findings('InvalidFlagValue', 'FROM alpine\nCOPY --chmod=64a a b\nCOPY --chmod=10000 a b\nADD --chmod=u+q a b\nENV M=999\nCOPY --chmod=$M a b\n'), [
      "2:13-2:16 invalid chmod parameter: '64a'. it should be octal string and between 0 and 07777",
      "3:13-3:18 invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777",
      "4:12-4:15 invalid chmod parameter: 'u+q': invalid syntax (write an octal mode like 0755 or a symbolic one like u+x)",
      "6:13-6:15 invalid chmod parameter: '999'. it should be octal string and between 0 and 07777",
    ]);
    assertClean('InvalidFlagValue', 'FROM alpine\nARG MODE=999\nCOPY --chmod=0755 a b\nCOPY --chmod=7777 a b\nCOPY --chmod=u+x,g-w,o= a b\nCOPY --chmod=a=rX a b\nCOPY --chmod=+x a b\nCOPY --chmod=$MODE a b\nCOPY --chmod= a b\n');
  });

  it('checks HEALTHCHECK --retries', () => {
    assert.deepEqual(findings('InvalidFlagValue', 'FROM alpine\nHEALTHCHECK --retries=x CMD true\nHEALTHCHECK --retries=-1 CMD true\nHEALTHCHECK --retries=3000000000 CMD true\n'), [
      '2:22-2:23 strconv.ParseInt: parsing "x": invalid syntax (--retries takes a whole number)',
      '3:22-3:24 --retries cannot be negative (-1)',
      '4:22-4:32 strconv.ParseInt: parsing "3000000000": value out of range (--retries takes a whole number)',
    ]);
    assertClean('InvalidFlagValue', 'FROM alpine\nHEALTHCHECK --retries=0 CMD true\nHEALTHCHECK --retries=+3 CMD true\nHEALTHCHECK --retries= CMD true\n');
  });

  it('checks RUN --device as BuildKit parses it', () => {
    assert.deepEqual(findings('InvalidFlagValue', 'FROM alpine\nRUN --device=a,b true\nRUN --device=name=a,name=b true\nRUN --device=a,required=maybe true\nRUN --device=a,foo=1 true\n'), [
      "2:13-2:16 invalid field 'b' must be a key=value pair",
      '3:13-3:26 device name already set to a',
      '4:13-4:29 invalid value for required: maybe',
      "5:13-5:20 unexpected key 'foo' in 'foo=1'",
    ]);
    assertClean('InvalidFlagValue', 'FROM alpine\nRUN --device=nvidia.com/gpu=all true\nRUN --device=name=x,required true\nRUN --device=x,required=false true\n');
  });

  it('fixes bools written as yes/no and misspelt modes', () => {
    assertFixes('InvalidFlagValue', 'FROM alpine\nCOPY --link=yes a b\n', 'FROM alpine\nCOPY --link a b\n');
    assertFixes('InvalidFlagValue', 'FROM alpine\nCOPY --link=off a b\n', 'FROM alpine\nCOPY --link=false a b\n');
    assertFixes('InvalidFlagValue', 'FROM alpine\nRUN --network=hots true\n', 'FROM alpine\nRUN --network=host true\n');
    assertFixes('InvalidFlagValue', 'FROM alpine\nRUN --security=Insecure true\n', 'FROM alpine\nRUN --security=insecure true\n');
    assert.deepEqual(fixTitles('InvalidFlagValue', 'FROM alpine\nCOPY --link=maybe a b\n'), []);
  });
});
