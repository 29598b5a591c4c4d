/**
 * InvalidChecksum: `ADD --checksum` verifies one download: BuildKit refuses it with several sources
 * ("checksum can't be specified for multiple sources"), with a local source ("checksum requires
 * HTTP(S) or Git sources"), and for a URL when it is not a digest it can verify
 * (sha256:<64 hex>, sha384, sha512). Checked when the values are certain.
 */
import { digestError } from '../../../../image/reference';
import { isHeredocWord } from '../../../heredocWord';
import { RuleWithOptions } from '../../lint';
import { certainValue } from './certainValue';
import { checkedInstructionsNamed } from './checkedInstructions';
import { sourceKind } from './remoteSource';

export const invalidChecksum: RuleWithOptions = {
  id: 'InvalidChecksum',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'ADD --checksum is used where it cannot verify anything, or is not a valid digest.',
  fixable: false,
  check(context, report) {
    for (const { instruction, owner, isTrigger } of checkedInstructionsNamed(context.model, 'ADD')) {
      if (instruction.args.length < 2 || instruction.parseErrors.length) continue;
      const flag = instruction.flags.find((f) => f.name === 'checksum' && f.value);
      if (!flag) continue;
      const checksum = certainValue(context, instruction, flag.value!, isTrigger)?.value;
      if (!checksum) continue;
      const range = flag.valueRange ?? flag.word.range;
      const sources = instruction.args.slice(0, -1).filter((w) => !isHeredocWord(w.value));
      if (sources.length !== 1) {
        report({ range, message: "checksum can't be specified for multiple sources", instruction: owner });
        continue;
      }
      const source = certainValue(context, instruction, sources[0].value, isTrigger)?.value;
      if (source === undefined) continue;
      const kind = sourceKind(source);
      if (kind === 'local') report({ range, message: 'checksum requires HTTP(S) or Git sources', instruction: owner });
      else if (kind === 'http') {
        const error = digestError(checksum);
        if (error) report({ range, message: `${error} (--checksum takes a digest like sha256:<64 hex digits>)`, instruction: owner });
      }
    }
  },
};
