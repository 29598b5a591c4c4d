/**
 * DL3021: COPY with several sources copies into a directory, which the destination must say with
 * a trailing `/` (the builder refuses it otherwise). The fix adds the slash.
 */
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { dropQuotes } from './quotes';

const MESSAGE = 'COPY with more than 2 arguments requires the last argument to end with /';

export const dl3021: RuleWithOptions = {
  id: 'DL3021',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3021',
  fixable: true,
  check(context, report) {
    const lines = context.model.lines;
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'COPY' || instruction.args.length <= 2) continue;
      const target = instruction.args[instruction.args.length - 1];
      if (dropQuotes(target.value).endsWith('/')) continue;
      const written = lines.text.slice(target.start, target.end);
      // In quotes (or a JSON item) the slash goes before the closing quote.
      const quoted = written.length > 1 && (written.endsWith('"') || written.endsWith("'"));
      const at = lines.positionAt(quoted ? target.end - 1 : target.end);
      const fixes: Fix[] = [{ title: 'Add a trailing `/` to the destination', edits: [{ range: { start: at, end: at }, newText: '/' }], preferred: true }];
      report({ range: target.range, message: MESSAGE, instruction, fixes });
    }
  },
};
