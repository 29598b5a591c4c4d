/**
 * Sorts the errors the model's parser records (BuildKit's parser errors, by their text) into the
 * rules that report them with precise ranges and fixes. Anything not claimed here is reported by
 * ParseError, so a parser error can never go unreported.
 */
export type InstructionErrorKind = 'jsonNotStrings' | 'keyValue' | 'heredoc' | 'other';

export type FileProblemKind = 'noInstructions' | 'duplicateDirective' | 'escapeDirective' | 'other';

export function instructionErrorKind(message: string): InstructionErrorKind {
  if (message === 'when using JSON array syntax, arrays must be comprised of strings only') return 'jsonNotStrings';
  if (/^(ENV|LABEL) must have two arguments$/.test(message) || message.startsWith("Syntax error - can't find = in ")) return 'keyValue';
  if (message === 'unterminated heredoc' || message.startsWith('failed to process ') || message.startsWith('internal lexing of heredoc')) return 'heredoc';
  return 'other';
}

export function fileProblemKind(message: string): FileProblemKind {
  if (message === 'file with no instructions') return 'noInstructions';
  if (/^only one \S+ parser directive can be used$/.test(message)) return 'duplicateDirective';
  if (message.startsWith('invalid escape token ')) return 'escapeDirective';
  return 'other';
}
