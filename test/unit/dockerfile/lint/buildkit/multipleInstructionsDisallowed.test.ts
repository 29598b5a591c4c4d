import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'MultipleInstructionsDisallowed';
const message = (name: string) => `Multiple ${name} instructions should not be used in the same stage because only the last one will be used`;

describe('MultipleInstructionsDisallowed', () => {
  it('reports the earlier, ignored instruction of each kind', () => {
    const text = [
      'FROM scratch',
      'ENTRYPOINT ["/myapp"]',
      'ENTRYPOINT ["/myotherapp"]',
      'CMD ["/myapp"]',
      'CMD ["/myotherapp"]',
      'HEALTHCHECK CMD ["/myapp"]',
      'HEALTHCHECK CMD ["/myotherapp"]',
      '',
    ].join('\n');
    assert.deepEqual(findings(RULE, text), [`2:1-2:22 ${message('ENTRYPOINT')}`, `4:1-4:15 ${message('CMD')}`, `6:1-6:27 ${message('HEALTHCHECK')}`]);
  });

  it('reports across other instructions, and names the instruction as the later one writes it', () => {
    const text = 'FROM scratch\nCMD ["/a"]\nCOPY <<EOF /a.txt\nhi\nEOF\ncmd ["/b"]\n';
    assert.deepEqual(findings(RULE, text), [`2:1-2:11 ${message('cmd')}`]);
  });

  it('accepts one of each per stage, including in a stage built on another', () => {
    const text = 'FROM scratch AS a\nENTRYPOINT ["/a"]\nCMD ["/a"]\nHEALTHCHECK CMD ["/a"]\n\nFROM a AS b\nENTRYPOINT ["/b"]\nCMD ["/b"]\nHEALTHCHECK CMD ["/b"]\n';
    assert.deepEqual(findings(RULE, text), []);
  });

  it('does not count the CMD inside HEALTHCHECK', () => {
    const text = 'FROM python:alpine\nHEALTHCHECK --interval=1s --timeout=3s \\\n  CMD ["curl", "-f", "http://localhost:8080"]\nCMD ["python", "-m", "http.server", "8080"]\n';
    assert.deepEqual(findings(RULE, text), []);
  });

  it('deletes the ignored instruction, continuation lines included', () => {
    const text = 'FROM scratch\nHEALTHCHECK --interval=5s \\\n  CMD ["/a"]\nHEALTHCHECK CMD ["/b"]\n';
    const result = fixed(RULE, text);
    assert.equal(result.text, 'FROM scratch\nHEALTHCHECK CMD ["/b"]\n');
    assert.equal(result.preferred, false);
  });

  it('is skipped by the check directive and by a comment above the later instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=MultipleInstructionsDisallowed\nFROM scratch\nCMD ["a"]\nCMD ["b"]\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\n'), []);
  });
});
