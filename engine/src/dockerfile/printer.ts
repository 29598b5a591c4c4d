/**
 * BuildKit's parse-tree notation (parser.Node.Dump): one `(keyword ["--flag" ...] "arg" ...)` per
 * instruction. Its only use is to prove, case by case against BuildKit's own test files, that this
 * model splits Dockerfiles exactly as the builder does.
 */
import { LineNode, quoteGo } from './lineParsers';

export function dumpInstruction(node: LineNode): string {
  let out = node.keyword.value.toLowerCase();
  if (node.flags.length) out += ' [' + node.flags.map((f) => quoteGo(f.value)).join(' ') + ']';
  for (const arg of node.args) out += ' ' + quoteGo(arg.value);
  if (node.trigger) out += ' (' + dumpInstruction(node.trigger) + ')';
  return out.trim();
}

export function dumpInstructions(nodes: readonly LineNode[]): string {
  return nodes.map((n) => '(' + dumpInstruction(n) + ')').join('\n');
}
