import { createReadStream } from 'node:fs';
import { BriefbotError } from '../errors.js';

/** What the layout reader hands out, in file order. */
export interface LayoutSink {
  /** A top-level member that is not a non-empty array (formatVersion, or an empty `[]`). */
  member(key: string, value: unknown): void;
  /** A non-empty top-level array starts; its records follow. */
  array(key: string): void;
  /** One record of the array that started last, parsed but not validated. */
  record(key: string, index: number, raw: unknown): void;
  /** Awaited after each chunk read: a sink that hands records on can hold the read back here. */
  drain?(): Promise<void> | undefined;
}

/** The file is valid JSON, perhaps, but not laid out as stream-write.ts writes it. */
export class LayoutMismatch extends Error {}

/** Characters read per chunk. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads a fact base file laid out as `JSON.stringify(data, null, 2)` lays it out (what
 * writeFactBaseStream writes), one record at a time: a record of a top-level array starts with a
 * line `    {` and ends with the first line `    }` or `    },` after it (deeper lines are
 * indented further, and JSON strings hold no raw newline), so each record is found with one
 * `indexOf` and parsed alone. No string holds more than a chunk and a record. A record that is
 * not JSON is an error naming it; anything else off the layout is a LayoutMismatch (the caller
 * falls back to reading the file whole).
 */
export async function readFactBaseLayout(file: string, sink: LayoutSink): Promise<void> {
  const parser = new LayoutParser(file, sink);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  for await (const chunk of stream) {
    parser.feed(chunk as string);
    await sink.drain?.();
  }
  parser.end();
}

type State = 'start' | 'members' | 'array' | 'done';

class LayoutParser {
  private buf = '';
  private pos = 0;
  private state: State = 'start';
  private key = '';
  private index = 0;
  /** Whether the member or record before ended with a comma, i.e. another must follow. */
  private more = false;

  constructor(
    private readonly file: string,
    private readonly sink: LayoutSink,
  ) {}

  feed(chunk: string): void {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
    this.run();
  }

  end(): void {
    const tail = this.buf.slice(this.pos);
    if (tail.trim() !== '' && !tail.endsWith('\n')) this.feed('\n');
    if (this.state !== 'done') throw new LayoutMismatch('the file ends before the fact base does');
  }

  private run(): void {
    for (;;) {
      const start = this.pos;
      const nl = this.buf.indexOf('\n', start);
      if (nl < 0) return;
      const line = this.buf.slice(start, nl);
      this.pos = nl + 1;
      if (this.state === 'array' && (line === '    {' || line === '    [')) {
        // A record over several lines: it closes at the first line of the same indent.
        const close = this.buf.indexOf(`\n    ${line === '    {' ? '}' : ']'}`, nl);
        if (close < 0 || close + 7 > this.buf.length) {
          this.pos = start;
          return;
        }
        let after = close + 6;
        const comma = this.buf[after] === ',';
        if (comma) after++;
        if (this.buf[after] !== '\n') {
          if (after >= this.buf.length) {
            this.pos = start;
            return;
          }
          throw new LayoutMismatch('a record closes with more on its line');
        }
        this.onRecord(this.buf.slice(start + 4, close + 6), comma);
        this.pos = after + 1;
        continue;
      }
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    switch (this.state) {
      case 'start':
        if (line !== '{') throw new LayoutMismatch('the first line is not "{"');
        this.state = 'members';
        this.more = true;
        return;
      case 'members': {
        if (line === '}') {
          if (this.more && this.key !== '') throw new LayoutMismatch('a comma before the closing brace');
          this.state = 'done';
          return;
        }
        if (!this.more) throw new LayoutMismatch('members without a comma between them');
        const m = /^ {2}("(?:[^"\\]|\\.)*"): (.*)$/.exec(line);
        if (!m) throw new LayoutMismatch('a top-level line that is not a member');
        this.key = JSON.parse(m[1]!) as string;
        const rest = m[2]!;
        if (rest === '[') {
          this.state = 'array';
          this.index = 0;
          this.more = true;
          this.sink.array(this.key);
          return;
        }
        const { value, comma } = parseWithComma(rest);
        this.more = comma;
        this.sink.member(this.key, value);
        return;
      }
      case 'array': {
        if (line === '  ]' || line === '  ],') {
          if (this.more) throw new LayoutMismatch('a comma before the closing bracket');
          this.state = 'members';
          this.more = line === '  ],';
          return;
        }
        if (!line.startsWith('    ') || line[4] === ' ') throw new LayoutMismatch('an array line at the wrong indent');
        const { value, comma } = parseWithComma(line.slice(4));
        this.record(value, comma);
        return;
      }
      case 'done':
        if (line.trim() !== '') throw new LayoutMismatch('more after the closing brace');
        return;
    }
  }

  private onRecord(text: string, comma: boolean): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const singular = this.key.replace(/s$/, '');
      throw new BriefbotError('FACTBASE_UNREADABLE', { file: this.file, reason: `${singular} #${this.index}: ${(e as Error).message}` });
    }
    this.record(raw, comma);
  }

  private record(raw: unknown, comma: boolean): void {
    if (!this.more) throw new LayoutMismatch('records without a comma between them');
    this.sink.record(this.key, this.index++, raw);
    this.more = comma;
  }
}

/** A one-line value, perhaps followed by the comma that separates it from the next. */
function parseWithComma(text: string): { value: unknown; comma: boolean } {
  if (text.endsWith(',')) {
    try {
      return { value: JSON.parse(text.slice(0, -1)), comma: true };
    } catch {
      // A string ending in a comma, perhaps: read the whole line below.
    }
  }
  try {
    return { value: JSON.parse(text), comma: false };
  } catch {
    throw new LayoutMismatch('a line that is not one JSON value');
  }
}
