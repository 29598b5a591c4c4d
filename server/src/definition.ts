/**
 * Go to definition: from a `$VAR` to the ARG or ENV it reads (and, for a stage ARG without a
 * default, on to the global ARG that gives it its value), from a stage reference to its
 * `AS name`, from a heredoc terminator to its `<<NAME`.
 */
import type { Location } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Position } from '../../engine/src/dockerfile/text';
import { occurrenceAt } from './symbolReferences';

export function computeDefinition(model: DockerfileModel, position: Position, uri: string): Location[] | null {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence || !occurrence.definitions.length) return null;
  return occurrence.definitions.map((d) => ({ uri, range: d.range }));
}
