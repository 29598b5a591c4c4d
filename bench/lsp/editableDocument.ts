// The client's copy of an open document: applies insertions locally and describes each as the
// change event to send, incremental or full text depending on what the server asked for.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

export class EditableDocument {
  private readonly lines: string[];
  version = 1;

  constructor(lines: readonly string[], private readonly incremental: boolean) {
    this.lines = [...lines];
  }

  get text(): string {
    return this.lines.join('\n');
  }

  line(index: number): string {
    return this.lines[index];
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** Index of the first line satisfying `test`; throws when there is none (the fixture changed shape). */
  findLine(test: (line: string) => boolean, what: string): number {
    const index = this.lines.findIndex(test);
    if (index < 0) throw new Error(`bench fixture: no line that is ${what}`);
    return index;
  }

  /** Inserts `text` (which may span lines) at a position, bumps the version, returns the change to send. */
  insert(line: number, character: number, text: string): TextDocumentContentChangeEvent {
    const before = this.lines[line];
    const added = text.split('\n');
    const head = before.slice(0, character);
    const tail = before.slice(character);
    if (added.length === 1) this.lines[line] = head + text + tail;
    else this.lines.splice(line, 1, head + added[0], ...added.slice(1, -1), added[added.length - 1] + tail);
    this.version++;
    if (!this.incremental) return { text: this.text };
    const at = { line, character };
    return { range: { start: at, end: at }, text };
  }
}
