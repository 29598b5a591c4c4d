/**
 * The frame the unit fuzz tests share: documents mutated from the corpus with a fixed seed (replay
 * one with `fuzzDocuments(seed, count, corpusTexts())[index]`), each parsed and handed to a check
 * that reports what is wrong with the answers it gets; an exception is a problem too. Problems come
 * back prefixed with their document's index.
 */
import { DockerfileModel, parseDockerfile } from '../../engine/src/dockerfile/model';
import { LineIndex, Position } from '../../engine/src/dockerfile/text';
import { corpusTexts } from './corpusTexts';
import { fuzzDocuments, seededRandom } from './mutations';

export interface FuzzCase {
  readonly text: string;
  readonly index: number;
  readonly model: DockerfileModel;
  /** Records a problem; undefined (no problem) is ignored, so checkers' answers can be passed straight in. */
  report(problem: string | undefined): void;
}

/** How many documents a fuzz test runs: BERTH_FUZZ_COUNT, or the test's own default. */
export function fuzzCount(fallback: number): number {
  return Number(process.env.BERTH_FUZZ_COUNT ?? fallback);
}

export function fuzzProblems(seed: number, count: number, check: (doc: FuzzCase) => void): string[] {
  const problems: string[] = [];
  fuzzDocuments(seed, count, corpusTexts()).forEach((text, index) => {
    const report = (problem: string | undefined) => {
      if (problem) problems.push(`document ${index}: ${problem}`);
    };
    try {
      check({ text, index, model: parseDockerfile(text), report });
    } catch (err) {
      report(`threw ${(err as Error).stack}`);
    }
  });
  return problems;
}

/** `count` cursor positions in a document (line ends included), the same for the same seed. */
export function randomPositions(lines: LineIndex, seed: number, count = 8): Position[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const line = Math.floor(random() * lines.lineCount);
    return { line, character: Math.floor(random() * (lines.lineText(line).length + 1)) };
  });
}
