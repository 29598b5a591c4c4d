import { strict as assert } from 'node:assert';
import { applyMetadata, argHistory, exposedPorts } from '../../../engine/src/build/metadataSteps';
import { goDuration, goList, goQuotedList } from '../../../engine/src/build/goFormat';
import { StageConfig } from '../../../engine/src/build/stageConfig';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { processWord } from '../../../engine/src/dockerfile/shellLexer';

const env = new Map([['NAME', 'app'], ['PORT', '8080']]);
const expand = {
  word: (t: string) => processWord(t, { get: (n) => env.get(n) }).result,
  words: (t: string) => processWord(t, { get: (n) => env.get(n) }).words,
};

/** Applies each line of `text` (after a FROM) to a scratch config; returns the history lines. */
function apply(text: string, config = StageConfig.scratch({ os: 'linux', architecture: 'amd64' })): { config: StageConfig; history: (string | undefined)[] } {
  const model = parseDockerfile(`FROM scratch\n${text}`);
  const history = model.stages[0]!.instructions.map((i) => applyMetadata(i, config, expand));
  return { config, history };
}

describe('applyMetadata', () => {
  it('ENV and LABEL expand keys and values with the variables before the line, writing key=value', () => {
    const { config, history } = apply('ENV A=$NAME B="two words"\nLABEL "com.x"=$PORT\n');
    assert.deepEqual(history, ['ENV A=app B=two words', 'LABEL com.x=8080']);
    assert.deepEqual(config.envList(), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=app', 'B=two words']);
    assert.equal(config.labels.get('com.x'), '8080');
    assert.deepEqual(apply('LABEL legacy value here\n').history, ['LABEL legacy=value here']);
  });

  it('replaces an ENV in place, as BuildKit\'s addEnv does', () => {
    const { config } = apply('ENV A=1 B=2\nENV A=3\n');
    assert.deepEqual(config.envList().slice(1), ['A=3', 'B=2']);
  });

  it('EXPOSE sorts the specifications as written, then expands ranges and protocols', () => {
    const { config, history } = apply('EXPOSE 9000-9002/UDP $PORT 53/udp\n');
    assert.deepEqual(history, ['EXPOSE [8080/tcp 53/udp 9000/udp 9001/udp 9002/udp]']);
    assert.deepEqual(config.containerConfig().ExposedPorts, { '53/udp': {}, '8080/tcp': {}, '9000/udp': {}, '9001/udp': {}, '9002/udp': {} });
    assert.deepEqual(exposedPorts('127.0.0.1:80:8080/sctp'), ['8080/sctp']);
    assert.throws(() => exposedPorts('80/xyz'), /invalid/);
  });

  it('CMD and ENTRYPOINT in shell form run under SHELL; ENTRYPOINT drops an inherited CMD', () => {
    const parent = StageConfig.scratch({ os: 'linux', architecture: 'amd64' });
    parent.cmd = ['inherited'];
    const child = parent.clone();
    const { history } = apply('SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT run it\n', child);
    assert.deepEqual(history, ['SHELL [/bin/bash -o pipefail -c]', 'ENTRYPOINT ["/bin/bash" "-o" "pipefail" "-c" "run it"]']);
    assert.equal(child.cmd, undefined);
    const own = apply('CMD ["a", "b c"]\nENTRYPOINT ["e"]\n');
    assert.deepEqual(own.config.cmd, ['a', 'b c']);
    assert.deepEqual(own.history, ['CMD ["a" "b c"]', 'ENTRYPOINT ["e"]']);
    assert.equal(own.config.argsEscaped, true);
  });

  it('HEALTHCHECK: CMD-SHELL, CMD, NONE, durations and retries as Go prints them', () => {
    let r = apply('HEALTHCHECK --interval=5m --timeout=3s --start-interval=2s --retries=2 CMD curl -f http://localhost/ || exit 1\n');
    assert.deepEqual(r.config.healthcheck, { Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 300e9, Timeout: 3e9, StartPeriod: 0, StartInterval: 2e9, Retries: 2 });
    assert.deepEqual(r.history, ['HEALTHCHECK {Test:[CMD-SHELL curl -f http://localhost/ || exit 1] Interval:5m0s Timeout:3s StartPeriod:0s StartInterval:2s Retries:2}']);
    assert.deepEqual(r.config.containerConfig().Healthcheck, { Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 300e9, Timeout: 3e9, StartInterval: 2e9, Retries: 2 });
    r = apply('HEALTHCHECK NONE\n');
    assert.deepEqual(r.history, ['HEALTHCHECK {Test:[NONE] Interval:0s Timeout:0s StartPeriod:0s StartInterval:0s Retries:0}']);
    assert.throws(() => apply('HEALTHCHECK --interval=500us CMD true\n'), /cannot be less than 1ms/);
  });

  it('USER, VOLUME, STOPSIGNAL, MAINTAINER, ONBUILD', () => {
    const { config, history } = apply('USER $NAME:staff\nVOLUME /data /cache\nVOLUME ["/json"]\nSTOPSIGNAL SIGRTMIN+3\nMAINTAINER Jane <j@x>\nONBUILD COPY . /src\n');
    assert.deepEqual(history, ['USER app:staff', 'VOLUME [/data /cache]', 'VOLUME [/json]', 'STOPSIGNAL SIGRTMIN+3', 'MAINTAINER Jane <j@x>', undefined]);
    assert.deepEqual(config.containerConfig().Volumes, { '/cache': {}, '/data': {}, '/json': {} });
    assert.deepEqual(config.onBuild, ['COPY . /src']);
    assert.equal(config.author, 'Jane <j@x>');
    assert.throws(() => apply('STOPSIGNAL SIGNOPE\n'), /invalid signal: SIGNOPE/);
  });

  it('ARG history lists each name with its value, or alone without one', () => {
    assert.equal(argHistory([{ name: 'A', value: '1' }, { name: 'B', value: undefined }, { name: 'C', value: '' }]), 'ARG A=1 B C=');
  });
});

describe('goFormat', () => {
  it('prints durations like time.Duration.String', () => {
    for (const [ns, text] of [[0n, '0s'], [1n, '1ns'], [1500n, '1.5µs'], [500_000_000n, '500ms'], [1_500_000_000n, '1.5s'], [90_000_000_000n, '1m30s'], [3_600_000_000_000n, '1h0m0s'], [3_723_400_000_000n, '1h2m3.4s']] as const) {
      assert.equal(goDuration(ns), text);
    }
  });

  it('prints string slices with %v and %q', () => {
    assert.equal(goList(['a', 'b c']), '[a b c]');
    assert.equal(goQuotedList(['a', 'say "hi"\n']), '["a" "say \\"hi\\"\\n"]');
  });
});
