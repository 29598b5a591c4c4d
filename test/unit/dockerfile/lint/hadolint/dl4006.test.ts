import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';
import { quickFix } from '../lintWith';

const PIPE = 'RUN wget -O - https://some.site | wc -l file > /number';

describe('dl4006 (DL4006 pipefail)', () => {
  it('reports a pipe without pipefail, on the pipe', () => {
    const text = `FROM scratch\n${PIPE}\n`;
    const [d] = catches('DL4006', text, 1);
    assert.equal(covered(text, d), '|');
    assert.equal(d.severity, 'warning');
    assert.equal(
      d.message,
      'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check',
    );
  });

  it('finds the pipe on its own line in a continued RUN and inside substitutions', () => {
    const text = 'FROM debian:12\nRUN set -e; \\\n    curl -fsSL https://x \\\n      | sh\n';
    assert.deepEqual(catches('DL4006', text, 1)[0].range.start, { line: 3, character: 6 });
    catches('DL4006', 'FROM debian:12\nRUN N=$(ls | wc -l) && echo $N\n', 1);
    catchesNot('DL4006', 'FROM debian:12\nRUN a || b\n');
  });

  it('accepts SHELLs with pipefail and non-POSIX shells', () => {
    catchesNot('DL4006', 'FROM scratch as build\nRUN wget -O - https://some.site && wc -l file > /number\n');
    for (const shell of [
      '["/bin/bash", "-eo", "pipefail", "-c"]',
      '["/bin/bash", "-e", "-o", "pipefail", "-c"]',
      '["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]',
      '["/bin/zsh", "-o", "pipefail", "-c"]',
      '["/usr/bin/bash", "-o", "pipefail", "-c"]',
      '["/usr/local/bin/zsh", "-o", "pipefail", "-c"]',
      '["pwsh", "-c"]',
      '[ "powershell.exe" ]',
      '[ "cmd.exe", "/c" ]',
    ]) {
      catchesNot('DL4006', `FROM scratch as build\nSHELL ${shell}\n${PIPE}\n`);
    }
  });

  it('reports plain sh, a new stage and a later SHELL without pipefail', () => {
    catches('DL4006', `FROM scratch as build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n${PIPE}\n`, 1);
    catches('DL4006', `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${PIPE}\nFROM scratch as build2\n${PIPE}\n`, 1);
    catches('DL4006', `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${PIPE}\nSHELL ["/bin/sh", "-c"]\n${PIPE}\n`, 1);
  });

  it('keeps the SHELL of a base stage (the builder does)', () => {
    catchesNot('DL4006', `FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\n${PIPE}\n`);
  });

  it('accepts pipes after set -o pipefail in the same script, not before', () => {
    catchesNot('DL4006', 'FROM debian:12\nRUN set -euxo pipefail; curl x | sh\n');
    catchesNot('DL4006', 'FROM debian:12\nRUN set -o pipefail && curl x | sh\n');
    catches('DL4006', 'FROM debian:12\nRUN curl x | sh; set -o pipefail\n', 1);
    catches('DL4006', 'FROM debian:12\nRUN (set -o pipefail); curl x | sh\n', 1);
    catches('DL4006', 'FROM debian:12\nRUN set -o pipefail; set +o pipefail; curl x | sh\n', 1);
  });

  it('does not check ONBUILD RUN (hadolint does not)', () => {
    catchesNot('DL4006', onbuild(`FROM scratch\n${PIPE}\n`));
  });

  it('offers the SHELL line above the RUN and its comments, not preferred', () => {
    const text = `# syntax=docker/dockerfile:1\nFROM debian:12\n  # hadolint ignore=DL3008\n  ${PIPE}\n`;
    const d = catches('DL4006', text, 1)[0];
    assert.equal(quickFix(d)?.preferred, undefined);
    const after = fixed(text, d);
    assert.equal(after, `# syntax=docker/dockerfile:1\nFROM debian:12\n  SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n  # hadolint ignore=DL3008\n  ${PIPE}\n`);
    catchesNot('DL4006', after);
  });
});
