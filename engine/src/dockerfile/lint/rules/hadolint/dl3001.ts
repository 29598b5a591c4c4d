/**
 * DL3001: commands that make no sense in a container build (an interactive editor, process and
 * service control). Any command of the RUN counts, inside substitutions too; `ONBUILD RUN` as well.
 */
import { RuleWithOptions } from '../../lint';
import { runInstructions, runShell } from '../../../shell/runShell';

const MESSAGE =
  'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`';
const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export const dl3001: RuleWithOptions = {
  id: 'DL3001',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'info',
  description: 'For some bash commands it makes no sense running them in a Docker container',
  url: 'https://github.com/hadolint/hadolint/wiki/DL3001',
  fixable: false,
  check(context, report) {
    for (const instruction of runInstructions(context.model, true)) {
      for (const command of runShell(context, instruction).commands) {
        if (POINTLESS.has(command.name)) report({ range: command.nameWord.range, message: MESSAGE, instruction });
      }
    }
  },
};
