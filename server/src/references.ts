/**
 * Find all references: every occurrence of the variable, stage or heredoc delimiter under the
 * cursor that binds to the same declaration, in text order.
 */
import type { Location } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Position } from '../../engine/src/dockerfile/text';
import { occurrenceAt } from './symbolReferences';

export function computeReferences(model: DockerfileModel, position: Position, uri: string, includeDeclaration: boolean): Location[] {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return [];
  return occurrence.symbol.occurrences.filter((o) => includeDeclaration || !o.declaration).map((o) => ({ uri, range: o.range }));
}
