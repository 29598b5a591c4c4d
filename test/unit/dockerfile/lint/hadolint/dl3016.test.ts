import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

const run = (command: string) => `FROM node:20\nRUN ${command}\n`;

describe('dl3016 (DL3016 npm pinning)', () => {
  it('accepts what hadolint accepts', () => {
    for (const command of [
      'npm install',
      'npm install --progress=false',
      'npm install express@4.1.1',
      'npm install @myorg/privatepackage@">=0.1.0"',
      'npm install express@"4.1.1" sax@0.1.1',
      'npm install --global express@"4.1.1"',
      'npm install -g express@"4.1.1"',
      'npm install package-v1.2.3.tar',
      'npm install package-v1.2.3.tar.gz',
      'npm install package-v1.2.3.tgz',
      'npm install /folder',
      'npm install ./folder',
      'npm install ../folder',
      'npm install ~/folder',
      'npm install git+ssh://git@github.com:npm/npm.git#v1.0.27',
      'npm install git+http://isaacs@github.com/npm/npm#semver:^5.0',
      'npm install git+https://isaacs@github.com/npm/npm.git#v1.0.27',
      'npm install git://github.com/npm/npm.git#v1.0.27',
      'npm run --crazy install',
      'npm install @myorg/privatepackage@">=0.1.0 <0.2.0"',
      'npm install --loglevel verbose sax@0.1.1',
      'npm install --registry https://example.com sax@0.1.1',
    ]) {
      catchesNot('DL3016', run(command));
      catchesNot('DL3016', onbuild(run(command)));
    }
  });

  it('reports the unpinned packages of a command once, at the first one', () => {
    for (const [command, pkg] of [
      ['npm install express', 'express'],
      ['npm install @myorg/privatepackage', '@myorg/privatepackage'],
      ['npm install express sax@0.1.1', 'express'],
      ['npm install --global express', 'express'],
      ['npm install git+ssh://git@github.com:npm/npm.git', 'git+ssh://git@github.com:npm/npm.git'],
      ['npm install git+http://isaacs@github.com/npm/npm', 'git+http://isaacs@github.com/npm/npm'],
      ['npm install git+https://isaacs@github.com/npm/npm.git', 'git+https://isaacs@github.com/npm/npm.git'],
      ['npm install git://github.com/npm/npm.git', 'git://github.com/npm/npm.git'],
      ['npm install --registry https://example.com express', 'express'],
      ['npm install --registry=https://example.com express', 'express'],
    ]) {
      const [d] = catches('DL3016', run(command), 1);
      assert.equal(covered(run(command), d), pkg);
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, `Pin versions in npm. Instead of \`npm install <package>\` use \`npm install <package>@<version>\` (unpinned: ${pkg})`);
      catches('DL3016', onbuild(run(command)), 1);
    }
  });
});
