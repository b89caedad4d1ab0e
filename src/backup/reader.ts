// Reads a backup (backup/format.ts) as a stream of checked entries: the
// header, then threads, comments and sources, each validated as it comes,
// with the line it came from for a message. The file is read a chunk at a
// time, on demand: the restore's pace sets the reading's.
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { BadImportFile } from '../errors.js';
import { BackupHeader, ENTRY, LAST_LINE, MAX_WHOLE_BYTES, SECTIONS, type BackupComment, type BackupSource, type BackupThread, type Section } from './format.js';

export type BackupEntry =
  | { kind: 'threads'; value: BackupThread; line: number | undefined }
  | { kind: 'comments'; value: BackupComment; line: number | undefined }
  | { kind: 'sources'; value: BackupSource; line: number | undefined };

export interface BackupReader {
  header: z.output<typeof BackupHeader>;
  entries: AsyncGenerator<BackupEntry>;
}

/** The file's lines, numbered from 1, without their line ends. */
async function* linesOf(file: string, onBytes?: (n: number) => void): AsyncGenerator<[number, string]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let n = 0;
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    onBytes?.(bytes);
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield [++n, line.replace(/\r$/, '')];
  }
  rest += decoder.decode();
  if (rest !== '') yield [++n, rest.replace(/\r$/, '')];
}

export async function openBackup(file: string, opts: { onBytes?: (n: number) => void } = {}): Promise<BackupReader> {
  const name = path.basename(file);
  const bad = (line: number | undefined, reason: string) => new BadImportFile(name, line, reason);
  const check = <S extends z.ZodType>(schema: S, value: unknown, line: number | undefined, what: string): z.output<S> => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw bad(line, `${what}: ${at}${issue.message}`);
  };
  const json = (text: string, line: number | undefined) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      // Only where: V8's message quotes the text around the fault, which may be someone's email.
      const at = /position \d+/.exec((err as Error).message)?.[0];
      throw bad(line, `not valid JSON${at ? ` (at ${at})` : ''}`);
    }
  };

  const lines = linesOf(file, opts.onBytes);
  const first = await lines.next();
  const opening = `,"${SECTIONS[0]}":[`;
  if (first.done || !first.value[1].startsWith('{') || !first.value[1].endsWith(opening)) {
    await lines.return(undefined);
    return readWhole(file, { bad, check, json });
  }
  const header = check(BackupHeader, json(`${first.value[1].slice(0, -opening.length)}}`, 1), 1, 'the header');

  async function* entries(): AsyncGenerator<BackupEntry> {
    let section: Section = SECTIONS[0];
    let ended = false;
    let last = 1;
    for await (const [n, line] of lines) {
      last = n;
      if (ended) {
        if (line.trim()) throw bad(n, 'more text after the end of the document');
        continue;
      }
      if (line === LAST_LINE) {
        ended = true;
        continue;
      }
      const next = /^\],"(\w+)":\[$/.exec(line)?.[1];
      if (next !== undefined) {
        if (next !== SECTIONS[SECTIONS.indexOf(section) + 1]) throw bad(n, `"${next}" where "${SECTIONS[SECTIONS.indexOf(section) + 1] ?? 'the end'}" was expected`);
        section = next as Section;
        continue;
      }
      const value = check(ENTRY[section], json(line.endsWith(',') ? line.slice(0, -1) : line, n), n, `in ${section}`);
      yield { kind: section, value, line: n } as BackupEntry;
    }
    if (!ended) throw bad(last, 'the file ends before the document does (cut short?)');
  }
  return { header, entries: entries() };
}

/** A backup laid out otherwise (reformatted by a JSON tool): read whole, if it is not too big for that. */
async function readWhole(
  file: string,
  h: { bad: (line: number | undefined, reason: string) => Error; check: <S extends z.ZodType>(s: S, v: unknown, l: undefined, what: string) => z.output<S>; json: (t: string, l: undefined) => unknown },
): Promise<BackupReader> {
  if (statSync(file).size > MAX_WHOLE_BYTES)
    throw h.bad(undefined, `not laid out as \`export\` writes it (one entry per line), and too big to read whole (over ${MAX_WHOLE_BYTES / 1024 / 1024} MB)`);
  const doc = h.json(await readFile(file, 'utf8'), undefined);
  const header = h.check(BackupHeader, doc, undefined, 'the header');
  async function* entries(): AsyncGenerator<BackupEntry> {
    for (const section of SECTIONS) {
      const list = (doc as Record<string, unknown>)[section] ?? [];
      if (!Array.isArray(list)) throw h.bad(undefined, `"${section}" is not a list`);
      for (const [i, item] of list.entries()) yield { kind: section, value: h.check(ENTRY[section], item, undefined, `${section}[${i}]`), line: undefined } as BackupEntry;
    }
  }
  return { header, entries: entries() };
}
