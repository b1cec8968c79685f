// Scanning an inbox file a chunk at a time must see exactly what reading it whole would: every
// line, every offset, the torn tail and where appends resume, wherever the chunks happen to cut.
// Random files of item lines, records, garbage and a last line with or without its newline are
// scanned with chunks from 1 byte up and compared with one chunk larger than the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemFile } from '../../src-main/core/inbox/item-file';
import { scanRecordFile, type ScannedLine } from '../../src-main/core/inbox/record-file';
import {
  encodeItemLine,
  encodeRecord,
  type ItemKey,
} from '../../src-main/core/inbox/record-format';
import { numberedNotification } from './fixtures/notifications';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-record-file-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const itemLine = fc
  .tuple(fc.nat({ max: 10_000 }), fc.string({ unit: 'binary', maxLength: 300 }))
  .map(([n, body]) => {
    const notification = numberedNotification(n + 1, { body });
    const key: ItemKey = [n + 1, Date.parse(notification.sentAt), 1, 0, 'live', notification.id];
    return encodeItemLine('add', key, JSON.stringify(notification));
  });
const recordLine = fc
  .array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 30 })
  .map((ids) => encodeRecord({ t: 'read', ids, read: true }));
/** Not a sealed line of ours: each one is damage. */
const garbageLine = fc
  .uint8Array({ minLength: 0, maxLength: 80 })
  .map((bytes) => `GARBAGE ${Buffer.from(bytes).toString('latin1').replaceAll('\n', ' ')}\n`);

const file = fc.record({
  lines: fc.array(fc.oneof(itemLine, itemLine, recordLine, garbageLine), { maxLength: 25 }),
  // The last line: whole, whole without its newline, or cut short.
  last: fc.oneof(
    fc.constant(undefined),
    itemLine.map((line) => ({ text: line.slice(0, -1), whole: true })),
    fc
      .tuple(itemLine, fc.nat())
      .map(([line, cut]) => ({ text: line.slice(0, 1 + (cut % (line.length - 2))), whole: false })),
  ),
});

function scan(path: string, chunkBytes: number): { lines: ScannedLine[]; result: unknown } {
  const itemFile = ItemFile.open(path);
  try {
    const lines: ScannedLine[] = [];
    const result = scanRecordFile(
      itemFile,
      (line) => {
        lines.push(line);
        return undefined;
      },
      chunkBytes,
    );
    return { lines, result };
  } finally {
    itemFile.close();
  }
}

describe('scanning a record file in chunks', () => {
  it('sees what one read of the whole file sees, wherever the chunks cut', () => {
    let run = 0;
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 4096 }), ({ lines, last }, chunkBytes) => {
        const path = join(dir, `file-${run++}.jsonl`);
        const text = lines.join('') + (last?.text ?? '');
        writeFileSync(path, text);
        const whole = scan(path, text.length * 4 + 1);
        const chunked = scan(path, chunkBytes);
        expect(chunked).toEqual(whole);
        // What the file holds, counted without the scanner.
        const linesBytes = Buffer.byteLength(lines.join(''));
        expect(whole.result).toEqual({
          damagedLines: lines.filter((line) => line.startsWith('GARBAGE')).length,
          damage: expect.any(Array) as unknown,
          tornTail: last?.whole === false,
          unterminated: last?.whole === true,
          intactLength: linesBytes + (last?.whole ? Buffer.byteLength(last.text) : 0),
          lines: lines.length + (last?.whole ? 1 : 0),
        });
        expect(whole.lines.filter((line) => line.kind === 'item')).toHaveLength(
          lines.filter((line) => line.startsWith('{"t":"add"')).length + (last?.whole ? 1 : 0),
        );
        // And the offsets point at the notifications in the file.
        const bytes = Buffer.from(text);
        for (const line of whole.lines) {
          if (line.kind !== 'item') continue;
          const json = JSON.parse(bytes.toString('utf8', line.start, line.end)) as { id: string };
          expect(json.id).toBe(line.key[5]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a file it cannot read as damage instead of throwing', () => {
    const path = join(dir, 'vanishing.jsonl');
    writeFileSync(path, encodeRecord({ t: 'read', ids: ['a'], read: true }).repeat(10));
    const itemFile = ItemFile.open(path);
    itemFile.close();
    const result = scanRecordFile(itemFile, () => undefined);
    expect(result.damagedLines).toBe(1);
    expect(result.damage[0]).toMatch(/unreadable from byte 0 .*closed/);
  });
});
