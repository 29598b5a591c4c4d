/**
 * DL3020: ADD of local files and folders; ADD's extra behaviours (fetching URLs, unpacking
 * archives) are surprising when they are not wanted, and COPY says what happens. Sources that are
 * archives or http(s) URLs are ADD's job and are not reported. The fix renames ADD to COPY when
 * every source is a plain path and every flag is one COPY accepts.
 */
import { Instruction } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { dropQuotes } from './quotes';

const MESSAGE = 'Use COPY instead of ADD for files and folders';
const ARCHIVES = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz'];
const COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link', 'parents', 'exclude']);

export const dl3020: RuleWithOptions = {
  id: 'DL3020',
  locality: 'instruction',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3020',
  fixable: true,
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'ADD' || instruction.args.length < 2) continue;
      const sources = instruction.args.slice(0, -1).map((a) => dropQuotes(a.value));
      if (sources.every((s) => isArchive(s) || isUrl(s))) continue;
      report({ range: instruction.keyword.range, message: MESSAGE, instruction, fixes: copyFix(instruction, sources) });
    }
  },
};

function isArchive(path: string): boolean {
  return ARCHIVES.some((ext) => path.endsWith(ext));
}

function isUrl(path: string): boolean {
  return path.startsWith('https://') || path.startsWith('http://');
}

function copyFix(instruction: Instruction, sources: readonly string[]): Fix[] {
  if (instruction.flags.some((f) => !COPY_FLAGS.has(f.name))) return [];
  if (sources.some((s) => isArchive(s) || s.includes('://') || s.startsWith('git@'))) return [];
  const keyword = instruction.keyword.value;
  const copy = keyword === keyword.toLowerCase() ? 'copy' : 'COPY';
  return [{ title: `Replace ADD with ${copy}`, edits: [{ range: instruction.keyword.range, newText: copy }], preferred: true }];
}
