/**
 * InvalidPort: an EXPOSE word BuildKit cannot parse after expansion: a port outside 0-65535, a
 * bad range, a protocol other than tcp, udp or sctp ("invalid port: "80/tpc": invalid proto: tpc"),
 * an invalid host IP or host port. Host IPs and ports themselves are accepted (ExposeInvalidFormat
 * warns), as is upper case (ExposeProtoCasing). Quick fix: the closest protocol.
 */
import { DockerfileModel, Word } from '../../../model';
import { suggest } from '../../../suggest';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { certainValue } from './certainValue';
import { checkedInstructionsNamed } from './checkedInstructions';
import { portSpecError } from './portSpec';

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

export const invalidPort: RuleWithOptions = {
  id: 'InvalidPort',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'An EXPOSE port, range or protocol is not valid.',
  fixable: true,
  check(context, report) {
    for (const { instruction, owner, isTrigger } of checkedInstructionsNamed(context.model, 'EXPOSE')) {
      for (const arg of instruction.args) {
        const words = certainValue(context, instruction, arg.value, isTrigger)?.words;
        for (const word of words ?? []) {
          const error = portSpecError(word);
          if (!error) continue;
          const fix = error.badProtocol !== undefined && word === arg.value ? protocolFix(context.model, arg, error.badProtocol) : undefined;
          report({ range: arg.range, message: error.message, fixes: fix ? [fix] : [], instruction: owner });
        }
      }
    }
  },
};

function protocolFix(model: DockerfileModel, arg: Word, protocol: string): Fix | undefined {
  const suggestion = suggest(protocol.toLowerCase(), PROTOCOLS, true);
  if (!suggestion || model.text.slice(arg.start, arg.end) !== arg.value) return undefined;
  const at = arg.start + arg.value.indexOf('/') + 1;
  return { title: `Change the protocol to ${suggestion}`, edits: [{ range: model.lines.rangeOf(at, arg.end), newText: suggestion }], preferred: true };
}
