import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

const run = (...mounts: string[]) => `FROM alpine\nRUN ${mounts.map((m) => `--mount=${m}`).join(' ')} true\n`;

describe('InvalidMount', () => {
  it('reports unknown types, keys and sharing modes with BuildKit\'s suggestions', () => {
    assert.deepEqual(findings('InvalidMount', run('type=tmp')), ['2:17-2:20 unsupported mount type "tmp" (did you mean tmpfs?)']);
    assert.deepEqual(findings('InvalidMount', run('typ=tmpfs')), ["2:12-2:21 unexpected key 'typ' in 'typ=tmpfs' (did you mean type?)"]);
    assert.deepEqual(findings('InvalidMount', run('type=cache,target=/a,sharing=lockd')), ['2:41-2:46 unsupported sharing value "lockd" (did you mean locked?)']);
  });

  it('reports bad option values', () => {
    assert.deepEqual(findings('InvalidMount', run('type=bind,ro=maybe,target=/a')), ['2:25-2:30 invalid value for ro: maybe']);
    assert.deepEqual(findings('InvalidMount', run('type=cache,mode=0999,target=/a')), ['2:28-2:32 invalid value 0999 for mode']);
    assert.deepEqual(findings('InvalidMount', run('type=cache,uid=x,target=/a')), ['2:27-2:28 invalid value x for uid']);
    assert.deepEqual(findings('InvalidMount', run('type=tmpfs,size=1zz,target=/a')), ['2:28-2:31 invalid value for size: 1zz']);
    assert.deepEqual(findings('InvalidMount', run('target=/a,readonly,oops')), ["2:31-2:35 invalid field 'oops' must be a key=value pair"]);
  });

  it('reports options that do not go together, reading them in order as BuildKit does', () => {
    assert.deepEqual(findings('InvalidMount', run('type=bind,mode=0755,target=/a')), ['2:12-2:41 mode not allowed for "bind" type mounts']);
    assert.deepEqual(findings('InvalidMount', run('required,type=secret,id=x')), ["2:12-2:20 unexpected key 'required' for mount type 'bind'"]);
    assert.deepEqual(findings('InvalidMount', run('type=cache,size=1m,target=/a')), ["2:23-2:30 unexpected key 'size' for mount type 'cache'"]);
    assert.deepEqual(findings('InvalidMount', run('type=secret')), ['2:12-2:23 invalid secret mount. one of source, target required']);
    assert.deepEqual(findings('InvalidMount', run('type=secret,id=a,source=b')), ["2:12-2:37 both source and id can't be set"]);
    assert.deepEqual(findings('InvalidMount', run('type=secret,id=a,from=x')), ['2:12-2:35 secret mount should not have a from']);
    assert.deepEqual(findings('InvalidMount', run('type=bind,sharing=locked,target=/a')), ['2:12-2:46 invalid cache sharing set for bind mount']);
    assert.deepEqual(findings('InvalidMount', run('type=ssh,source=/a')), ['2:12-2:30 ssh does not support source']);
    assert.deepEqual(findings('InvalidMount', run('type=cache,target=/')), ['2:12-2:31 invalid mount target "/"']);
  });

  it('reports CSV errors and variables in from', () => {
    assert.deepEqual(findings('InvalidMount', run('type=bind,source=a\\"b')), ['2:12-2:33 failed to parse csv mounts: parse error on line 1, column 19: bare " in non-quoted-field']);
    assert.deepEqual(findings('InvalidMount', run('type=bind,\\"source=a')), ['2:12-2:32 failed to parse csv mounts: parse error on line 1, column 12: extraneous or missing " in quoted-field']);
    assert.deepEqual(findings('InvalidMount', 'FROM alpine\nRUN --mount= true\n'), ['2:12-2:12 failed to parse csv mounts: EOF']);
    assert.deepEqual(findings('InvalidMount', run('from=$stage,target=/a')), ["2:12-2:23 'from' doesn't support variable expansion, define alias stage instead"]);
  });

  it('checks values after expansion, and skips those it cannot know', () => {
    assert.deepEqual(findings('InvalidMount', 'FROM scratch\nRUN --mount=type=${UNSET:-tmp},target=/a true\n'), ['2:17-2:30 unsupported mount type "tmp" (did you mean tmpfs?)']);
    assertClean('InvalidMount', 'FROM alpine\nRUN --mount=type=${UNSET:-tmp},target=/a true\n', 'FROM alpine\nARG TYPE=bogus\nRUN --mount=type=$TYPE,mode=0755,target=/a true\n', 'FROM alpine\nARG DIR=/\nRUN --mount=type=cache,target=$DIR true\n');
    assert.deepEqual(findings('InvalidMount', 'FROM alpine\nENV DIR=/\nRUN --mount=type=cache,target=$DIR true\n'), ['3:12-3:34 invalid mount target "/"']);
  });

  it('accepts the usual mounts', () => {
    assertClean(
      'InvalidMount',
      run('type=cache,target=/root/.cache', 'type=cache,target=/var/cache/apt,sharing=locked,id=apt,mode=0755,uid=0,gid=0'),
      run('type=secret,id=npmrc,target=/root/.npmrc,required', 'type=secret,id=token,env=TOKEN', 'type=ssh', 'type=ssh,id=github,required=true'),
      run('type=bind,from=build,source=/out,target=/in,rw', 'target=/src', 'type=tmpfs,target=/tmp,size=64m', 'type=bind,target=/a,readonly=true'),
      run('"type=bind,target=/a"', 'type=cache,target=/a,sharing=PRIVATE', 'TYPE=cache,TARGET=/b', 'type=cache'),
    );
  });

  it('fixes with BuildKit\'s suggestion', () => {
    assertFixes('InvalidMount', run('type=cach,target=/a'), run('type=cache,target=/a'));
    assertFixes('InvalidMount', run('typ=cache,target=/a'), run('type=cache,target=/a'));
    assertFixes('InvalidMount', run('type=cache,target=/a,sharing=lockd'), run('type=cache,target=/a,sharing=locked'));
  });
});
