/**
 * Document highlights for the symbol under the cursor: declarations as writes, uses as reads.
 * Runs on every cursor move, so it only looks the cursor up in the model's symbol index.
 */
import type { DocumentHighlight, DocumentHighlightKind } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Position } from '../../engine/src/dockerfile/text';
import { occurrenceAt } from './symbolReferences';

const READ: DocumentHighlightKind = 2;
const WRITE: DocumentHighlightKind = 3;

export function computeHighlights(model: DockerfileModel, position: Position): DocumentHighlight[] {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return [];
  return occurrence.symbol.occurrences.map((o) => ({ range: o.range, kind: o.declaration ? WRITE : READ }));
}
