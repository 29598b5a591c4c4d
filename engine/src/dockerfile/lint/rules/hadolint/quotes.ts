/** hadolint compares some arguments with their surrounding quotes dropped (`"/usr/local"`, `'file.tgz'`). */
export function dropQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  while (end > start && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  return text.slice(start, end);
}
