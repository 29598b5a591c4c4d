import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

const run = (command: string) => `FROM python:3\nRUN ${command}\n`;

describe('dl3013 (DL3013 pip pinning)', () => {
  it('reports unpinned packages on the package word', () => {
    for (const command of ['pip2 install MySQL_python', 'pip3 install MySQL_python', 'pip install MySQL_python', 'python -m pip install MySQL_python', 'pipx install MySQL_python']) {
      const [d] = catches('DL3013', run(command), 1);
      assert.equal(covered(run(command), d), 'MySQL_python');
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, 'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>` (unpinned: MySQL_python)');
      catches('DL3013', onbuild(run(command)), 1);
    }
  });

  it('accepts what hadolint accepts', () => {
    const ok = [
      'pip3 install MySQL_python==1.2.2',
      'pip3 install mypkg.whl',
      'pip3 install mypkg.tar.gz',
      'pip install -r requirements.txt',
      'pip install --requirement requirements.txt',
      'pip install .',
      'pip install MySQL_python~=1.2.2',
      'pip install MySQL_python===1.2.2',
      'pip install --ignore-installed MySQL_python==1.2.2',
      'pip3 install --build /opt/yamllint yamllint==1.20.0',
      'pip3 install --prefix /opt/yamllint yamllint==1.20.0',
      'pip3 install --root /opt/yamllint yamllint==1.20.0',
      'pip3 install --target /opt/yamllint yamllint==1.20.0',
      'pip3 install --trusted-host host example==1.2.2',
      'python -m pip install example==1.2.2',
      'pip install git+https://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext',
      'pip install git+ssh://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext',
      'pip install foo/bar',
      'pip install https://foo.bar/baz.zip',
      "pip install 'alabaster>=0.7'",
      "pip install 'alabaster<0.7'",
      "pip install 'alabaster!=0.7'",
      'pip install MySQL_python==1.2.2 --user',
      'pip install --index-url https://eg.com/foo --extra-index-url https://ex-eg.io/foo foobar==1.0.0',
      'pip install pykafka --constraint http://foo.bar.baz',
      'pip install pykafka -c http://foo.bar.baz',
      'pipenv install black',
      'pipx install --python "$(which python)" "poetry==1.8.5"',
      'pip install --no-cache-dir --root-user-action ignore poetry==1.8.5',
    ];
    for (const command of ok) {
      catchesNot('DL3013', run(command));
      catchesNot('DL3013', onbuild(run(command)));
    }
  });

  it('reports unversioned VCS installs and packages after an inline flag value', () => {
    catches('DL3013', run('pip install git+https://github.com/rtfd/read-ext.git#egg=read-ext'), 1);
    catches('DL3013', run('pip install git+ssh://github.com/rtfd/read-ext.git#egg=read-ext'), 1);
    const text = run('pip install --root-user-action=ignore mypkg');
    assert.equal(covered(text, catches('DL3013', text, 1)[0]), 'mypkg');
    catches('DL3013', onbuild(run('python -m pip install --index-url url example')), 1);
  });
});
