/**
 * CopyRemoteSource: COPY only reads the build context (or a stage); a URL or git repository as a
 * COPY source fails the build ("source can't be a URL for COPY", "source can't be a git ref for
 * COPY"). ADD fetches them. Quick fix: use ADD, when the COPY has no flag ADD lacks.
 */
import { isHeredocWord } from '../../../heredocWord';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { certainValue } from './certainValue';
import { checkedInstructionsNamed } from './checkedInstructions';
import { sourceKind } from './remoteSource';
import { writtenPlainly } from './writtenPlainly';

export const copyRemoteSource: RuleWithOptions = {
  id: 'CopyRemoteSource',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'COPY is given a URL or git repository, which only ADD can fetch.',
  fixable: true,
  check(context, report) {
    for (const { instruction, owner, isTrigger } of checkedInstructionsNamed(context.model, 'COPY')) {
      if (instruction.args.length < 2 || instruction.parseErrors.length) continue;
      const canUseAdd = !instruction.flags.some((f) => f.name === 'from' || f.name === 'parents') && writtenPlainly(context.model, instruction.keyword);
      for (const source of instruction.args.slice(0, -1)) {
        if (isHeredocWord(source.value)) continue;
        const value = certainValue(context, instruction, source.value, isTrigger)?.value;
        const kind = value === undefined ? 'local' : sourceKind(value);
        if (kind === 'local') continue;
        const fixes: Fix[] = canUseAdd ? [{ title: 'Use ADD', edits: [{ range: instruction.keyword.range, newText: instruction.keyword.value === 'copy' ? 'add' : 'ADD' }], preferred: true }] : [];
        const message = kind === 'git' ? "source can't be a git ref for COPY" : "source can't be a URL for COPY";
        report({ range: source.range, message: `${message} (ADD can fetch it)`, fixes, instruction: owner });
      }
    }
  },
};
