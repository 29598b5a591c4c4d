import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'UndefinedVar';

describe('UndefinedVar', () => {
  describe('where BuildKit expands variables', () => {
    it('reports an undefined variable in COPY, on the reference', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY $foo .\n'), ["2:6-2:10 Usage of undefined variable '$foo'"]);
    });

    it('reports one in an ARG default', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch AS base\nARG VERSION=$foo\n'), ["2:13-2:17 Usage of undefined variable '$foo'"]);
    });

    it('reports in ENV, LABEL, WORKDIR, USER, VOLUME, STOPSIGNAL, COPY flags and RUN --mount', () => {
      const text = [
        'FROM scratch',
        'ENV A=$E1',
        'LABEL l=${E2}',
        'WORKDIR /$E3',
        'USER $E4',
        'VOLUME ["/$E5"]',
        'STOPSIGNAL $E6',
        'COPY --chown=$E7 a /b',
        'RUN --mount=type=cache,target=$E8 true',
        '',
      ].join('\n');
      assert.deepEqual(
        findings(RULE, text).map((f) => f.replace(/^.* '\$(\w+)'.*$/, '$1')),
        ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'],
      );
    });

    it('reads a --mount value as CSV first, and expands nothing of a value that is not valid CSV', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nRUN --mount=type=cache,"target=$E1" true\n').length, 1);
      assert.deepEqual(findings(RULE, 'FROM scratch\nRUN --mount=type=cache,target=$E1\\"x true\n'), []);
    });

    it('reports in the body of a COPY heredoc that expands, not in a quoted one nor in RUN', () => {
      const text = 'FROM scratch\nCOPY <<EOF /a\nhello $NAME\nEOF\nCOPY <<"EOF" /b\n$OTHER\nEOF\nRUN <<EOF\necho $THIRD\nEOF\n';
      assert.deepEqual(findings(RULE, text), ["3:7-3:12 Usage of undefined variable '$NAME'"]);
    });

    it('leaves shell-form commands and EXPOSE to the shell and the port parser', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nRUN echo $PATH $foo\nCMD echo $bar\nEXPOSE $PORT\nHEALTHCHECK CMD curl $URL\n'), []);
    });

    it('reports a variable even when it has a default, as BuildKit does', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY ${SRC:-app} /app\n'), ["2:6-2:11 Usage of undefined variable '$SRC'"]);
    });
  });

  describe('what counts as defined', () => {
    it('accepts ARGs, with or without a value, and ENV', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\nENV DIR=/x\nWORKDIR $DIR\n'), []);
    });

    it('reports a use before the ARG that declares it', () => {
      assert.deepEqual(findings(RULE, 'FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n'), ["2:6-2:10 Usage of undefined variable '$foo'"]);
    });

    it('accepts ARGs of the stage a stage is built on', () => {
      assert.deepEqual(findings(RULE, 'FROM alpine AS base\nARG foo=Dockerfile\nARG bare\n\nFROM base\nCOPY $foo $bare .\n'), []);
    });

    it('accepts ARGs declared earlier on the same line', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nARG A=1 B=${A}0\n'), []);
    });

    it('reports an ENV value that uses a key set on the same line (ENV expands all pairs first)', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nENV A=1 B=$A\n'), ["2:11-2:13 Usage of undefined variable '$A'"]);
    });

    it('reports a global ARG the stage does not declare again', () => {
      assert.deepEqual(findings(RULE, 'ARG VERSION=1\nFROM alpine\nCOPY app-$VERSION.tar /\n'), ["3:10-3:18 Usage of undefined variable '$VERSION'"]);
      assert.deepEqual(findings(RULE, 'ARG VERSION=1\nFROM alpine\nARG VERSION\nCOPY app-$VERSION.tar /\n'), []);
    });

    it('accepts PATH and the SBOM scan arguments', () => {
      assert.deepEqual(findings(RULE, 'FROM scratch\nENV PATH=$PATH:/app\nLABEL s=$BUILDKIT_SBOM_SCAN_STAGE\n'), []);
    });
  });

  describe('unknown base images', () => {
    it('stays quiet about an upper-case name the image may define', () => {
      assert.deepEqual(findings(RULE, 'FROM python AS base\nARG VERSION=$PYTHON_VERSION\n'), []);
    });

    it('reports it when the engine described the image and it lacks the variable', () => {
      const known = (env: Record<string, string>) => ({ scope: { imageEnv: () => new Map(Object.entries(env)) } });
      assert.deepEqual(findings(RULE, 'FROM python\nARG VERSION=$PYTHON_VERSION\n', known({ PYTHON_VERSION: '3.12' })), []);
      assert.deepEqual(findings(RULE, 'FROM python\nARG VERSION=$PYTHON_VERSION\n', known({})), ["2:13-2:28 Usage of undefined variable '$PYTHON_VERSION'"]);
    });

    it('follows a chain of stages to the image it starts from', () => {
      assert.deepEqual(findings(RULE, 'FROM python AS a\nFROM a AS b\nCOPY $PYTHON_VERSION /\n'), []);
      assert.deepEqual(findings(RULE, 'FROM scratch AS a\nFROM a AS b\nCOPY $PYTHON_VERSION /\n'), ["3:6-3:21 Usage of undefined variable '$PYTHON_VERSION'"]);
    });

    it('reports lower-case names, which images do not use', () => {
      assert.deepEqual(findings(RULE, 'FROM alpine AS base\nCOPY $foo .\n'), ["2:6-2:10 Usage of undefined variable '$foo'"]);
    });

    it('reports a near miss of a defined name with the suggestion', () => {
      assert.deepEqual(findings(RULE, 'FROM alpine\nENV PATH=$PAHT:/app/bin\n'), ["2:10-2:15 Usage of undefined variable '$PAHT' (did you mean $PATH?)"]);
      const text = 'FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n';
      assert.deepEqual(findings(RULE, text), ["4:6-4:16 Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)"]);
    });

    it('does not take a farther name for a misspelling', () => {
      // GOPATH is two edits from PATH, and golang images define it.
      assert.deepEqual(findings(RULE, 'FROM golang\nENV PATH=$GOPATH/bin:$PATH\n'), []);
    });
  });

  it('fixes a misspelling with the suggested name', () => {
    const result = fixed(RULE, 'FROM alpine\nENV PATH=$PAHT:/app/bin\n');
    assert.equal(result.text, 'FROM alpine\nENV PATH=$PATH:/app/bin\n');
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=UndefinedVar\nFROM scratch\nCOPY $foo .\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=UndefinedVar\nCOPY $foo .\n'), []);
  });
});
