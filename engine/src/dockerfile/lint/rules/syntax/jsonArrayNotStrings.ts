/**
 * JsonArrayNotStrings: an argument list written as a JSON array whose items are not all strings
 * (`CMD ["sleep", 10]`): BuildKit's parser refuses it ("when using JSON array syntax, arrays must
 * be comprised of strings only"). Quick fix: quote the numbers and booleans.
 */
import { DockerfileModel, Instruction, restText } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix, TextEdit } from '../../rule';
import { checkedInstructions } from './checkedInstructions';
import { instructionErrorKind } from './parseErrorKinds';

export const jsonArrayNotStrings: RuleWithOptions = {
  id: 'JsonArrayNotStrings',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A JSON-array argument list contains something other than strings.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructions(model)) {
      for (const message of instruction.parseErrors) {
        if (instructionErrorKind(message) !== 'jsonNotStrings') continue;
        const fix = quoteScalars(model, instruction);
        report({ range: arrayRange(model, instruction), message, fixes: fix ? [fix] : [], instruction: owner });
      }
    }
  },
};

/** From the opening bracket (HEALTHCHECK has its type before it) to the end of the arguments. */
function arrayRange(model: DockerfileModel, instruction: Instruction) {
  const rest = restText(instruction);
  const open = Math.max(0, rest.text.indexOf('['));
  return { start: model.lines.positionAt(rest.sourceOffset(open)), end: instruction.rest.range.end };
}

/** Edits that quote each number or boolean item, when every item is a string or one of those. */
function quoteScalars(model: DockerfileModel, instruction: Instruction): Fix | undefined {
  const rest = restText(instruction);
  const text = rest.text;
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  if (open < 0 || close < open) return undefined;
  const edits: TextEdit[] = [];
  let itemStart = open + 1;
  let inString = false;
  for (let i = open + 1; i <= close; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') return undefined;
    else if (ch === ',' || i === close) {
      const raw = text.slice(itemStart, i);
      const item = raw.trim();
      if (item && item[0] !== '"') {
        if (item === 'null') return undefined;
        const start = itemStart + raw.indexOf(item);
        const [s, e] = rest.sourceSpan(start, start + item.length);
        edits.push({ range: model.lines.rangeOf(s, e), newText: JSON.stringify(item) });
      }
      itemStart = i + 1;
    }
  }
  return edits.length ? { title: 'Quote the items that are not strings', edits, preferred: true } : undefined;
}
