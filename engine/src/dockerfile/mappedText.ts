/**
 * A string assembled from pieces of a source text, remembering where each piece came from.
 * BuildKit joins continuation lines and strips escapes and comments before it splits an
 * instruction; keeping the source offsets lets every word of that joined line point back to the
 * exact characters the user typed.
 */
interface Segment {
  /** Index in the assembled text where this piece starts. */
  readonly at: number;
  /** Offset in the source text of the piece's first character. */
  readonly source: number;
  readonly length: number;
}

export class MappedText {
  private constructor(
    readonly text: string,
    private readonly segments: readonly Segment[],
    /** Source offset that stands for "the end" when the text is empty or an index is past it. */
    private readonly endSource: number,
  ) {}

  static of(text: string, sourceStart: number): MappedText {
    return new MappedText(text, text.length ? [{ at: 0, source: sourceStart, length: text.length }] : [], sourceStart + text.length);
  }

  static empty(sourceOffset: number): MappedText {
    return new MappedText('', [], sourceOffset);
  }

  static concat(parts: readonly MappedText[], emptyAt: number): MappedText {
    const segments: Segment[] = [];
    let text = '';
    for (const part of parts) {
      for (const s of part.segments) segments.push({ at: text.length + s.at, source: s.source, length: s.length });
      text += part.text;
    }
    const end = parts.length ? parts[parts.length - 1].endSource : emptyAt;
    return new MappedText(text, segments, end);
  }

  /** The same text, its source moved by `delta` characters. */
  shifted(delta: number): MappedText {
    return new MappedText(this.text, this.segments.map((s) => ({ at: s.at, source: s.source + delta, length: s.length })), this.endSource + delta);
  }

  get length(): number {
    return this.text.length;
  }

  /** Source offset of the character at `index`; `index === length` maps just past the last character. */
  sourceOffset(index: number): number {
    const segs = this.segments;
    if (!segs.length) return this.endSource;
    if (index >= this.text.length) {
      const last = segs[segs.length - 1];
      return last.source + last.length;
    }
    let low = 0;
    let high = segs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (segs[mid].at <= index) low = mid;
      else high = mid - 1;
    }
    return segs[low].source + (index - segs[low].at);
  }

  /** Source offsets [start, end) covering text[start, end). */
  sourceSpan(start: number, end: number): [number, number] {
    if (end <= start) {
      const at = this.sourceOffset(start);
      return [at, at];
    }
    return [this.sourceOffset(start), this.sourceOffset(end - 1) + 1];
  }

  slice(start: number, end = this.text.length): MappedText {
    start = Math.max(0, Math.min(start, this.text.length));
    end = Math.max(start, Math.min(end, this.text.length));
    const segments: Segment[] = [];
    for (const s of this.segments) {
      const from = Math.max(start, s.at);
      const to = Math.min(end, s.at + s.length);
      if (from < to) segments.push({ at: from - start, source: s.source + (from - s.at), length: to - from });
    }
    return new MappedText(this.text.slice(start, end), segments, this.sourceOffset(end));
  }
}
