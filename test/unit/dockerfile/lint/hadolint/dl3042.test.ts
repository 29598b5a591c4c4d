import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';

const run = (command: string) => `FROM python:3\nRUN ${command}\n`;

describe('dl3042 (DL3042 pip cache)', () => {
  it('reports pip installs without --no-cache-dir', () => {
    for (const [command, span] of [
      ['pip2 install MySQL_python', 'pip2 install'],
      ['pip3 install MySQL_python', 'pip3 install'],
      ['pip install MySQL_python', 'pip install'],
      ['python3 -m pip install MySQL_python', 'python3 -m pip install'],
    ]) {
      const [d] = catches('DL3042', run(command), 1);
      assert.equal(covered(run(command), d), span);
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`');
      catches('DL3042', onbuild(run(command)), 1);
    }
  });

  it('accepts --no-cache-dir and the wrappers that manage their cache', () => {
    for (const command of ['pip2 install MySQL_python --no-cache-dir', 'pip3 install --no-cache-dir MySQL_python', 'pipx install software', 'pipenv install library', 'python -m pipx install x']) {
      catchesNot('DL3042', run(command));
      catchesNot('DL3042', onbuild(run(command)));
    }
  });

  it('honours a truthy PIP_NO_CACHE_DIR from ENV, ARG, the RUN or a base stage', () => {
    for (const value of ['1', 'on', 'yes', 'true']) {
      catchesNot('DL3042', `FROM python:3\nENV PIP_NO_CACHE_DIR=${value}\nRUN pip install MySQL_python\n`);
      catchesNot('DL3042', run(`PIP_NO_CACHE_DIR=${value} pip install MySQL_python`));
      catchesNot('DL3042', run(`export PIP_NO_CACHE_DIR=${value} && pip install MySQL_python`));
    }
    for (const value of ['0', 'off', 'no', 'false']) {
      catches('DL3042', `FROM python:3\nENV PIP_NO_CACHE_DIR=${value}\nRUN pip install MySQL_python\n`, 1);
      catches('DL3042', run(`PIP_NO_CACHE_DIR=${value} pip install MySQL_python`), 1);
      catches('DL3042', run(`export PIP_NO_CACHE_DIR=${value} && pip install MySQL_python`), 1);
    }
    catchesNot('DL3042', 'FROM python:3\nARG PIP_NO_CACHE_DIR=1\nRUN pip install six\n');
    catchesNot('DL3042', 'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n');
    catches('DL3042', 'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:buster\nRUN pip install six\n', 1);
    catchesNot('DL3042', 'FROM python:3\nONBUILD ENV PIP_NO_CACHE_DIR=1\nONBUILD RUN pip install six\n');
  });

  it('accepts cache and tmpfs mounts on the pip cache', () => {
    catchesNot('DL3042', 'FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install foobar\n');
    catchesNot('DL3042', onbuild('FROM python:3\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install foobar\n'));
  });

  it('adds --no-cache-dir after install', () => {
    const text = 'FROM python:3\nRUN python3 -m pip install \\\n  flask==3.0\n';
    const after = fixed(text, catches('DL3042', text, 1)[0]);
    assert.equal(after, 'FROM python:3\nRUN python3 -m pip install --no-cache-dir \\\n  flask==3.0\n');
    catchesNot('DL3042', after);
  });
});
