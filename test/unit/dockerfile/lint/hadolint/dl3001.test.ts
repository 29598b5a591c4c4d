import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl3001 (DL3001 commands pointless in a container)', () => {
  it('reports top, also under ONBUILD, on the command name', () => {
    const text = 'FROM debian:12\nRUN top\n';
    const [d] = catches('DL3001', text, 1);
    assert.equal(covered(text, d), 'top');
    assert.equal(d.severity, 'info');
    assert.equal(
      d.message,
      'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`',
    );
    catches('DL3001', onbuild(text), 1);
  });

  it('reports each such command, in substitutions too', () => {
    const text = 'FROM debian:12\nRUN service nginx start && kill $(ps -o pid= -C x)\n';
    assert.deepEqual(catches('DL3001', text).map((d) => covered(text, d)), ['service', 'kill', 'ps']);
  });

  it('does not report installing such a program', () => {
    catchesNot('DL3001', 'FROM debian:12\nRUN apt-get install ssh\n');
    catchesNot('DL3001', onbuild('FROM debian:12\nRUN apt-get install ssh vim\n'));
  });
});
