// Progress of an import on stderr: a bar redrawn in place on a terminal, plain
// lines now and then anywhere else (a log keeps every line it is given).
import { describe, expect, it } from 'vitest';
import { reportProgress } from '../../src/imports/progress.js';

/** A stream that keeps what it is given, as a terminal (isTTY) or a pipe would receive it. */
function output(tty: boolean, columns?: number) {
  const written: string[] = [];
  return { written, isTTY: tty, columns, write: (text: string) => written.push(text) };
}

describe('import progress', () => {
  it('on a terminal, redraws one line in place: a bar by bytes read, counts and rate, at most ten times a second', () => {
    const out = output(true, 120);
    let now = 0;
    const progress = reportProgress(out, { label: 'import', totalBytes: 1_000, now: () => now });
    now = 2_000;
    progress.update({ comments: 5_000, threads: 100, bytes: 500 });
    now = 2_050;
    progress.update({ comments: 5_100, threads: 101, bytes: 510 }); // too soon: not drawn
    now = 4_000;
    progress.done({ comments: 9_000, threads: 180, bytes: 990 });
    expect(out.written).toEqual([
      '\rimport [############------------]  50%  5,000 comments · 100 threads · 2,500/s\u001b[K',
      '\rimport [########################] 100%  9,000 comments · 180 threads · 2,250/s\u001b[K\n',
    ]);
  });

  it('on a narrow terminal, cuts the line so that it never wraps', () => {
    const out = output(true, 30);
    const progress = reportProgress(out, { label: 'import', totalBytes: 10, now: () => 1_000 });
    progress.update({ comments: 1, threads: 1, bytes: 5 });
    expect(out.written[0]).toBe('\rimport [############---------\u001b[K'); // 29 characters: the width less one
  });

  it('elsewhere, writes a plain line every 10,000 comments and one at the end, never a control character', () => {
    const out = output(false);
    let now = 0;
    const progress = reportProgress(out, { label: 'import', totalBytes: 1_000, now: () => now });
    for (let comments = 0; comments <= 25_000; comments += 2_500) {
      now = comments / 10;
      progress.update({ comments, threads: comments / 50, bytes: 0 });
    }
    now = 3_000;
    progress.done({ comments: 26_000, threads: 520, bytes: 1_000 });
    expect(out.written).toEqual([
      'parley: import: 10,000 comments · 200 threads · 10,000/s\n',
      'parley: import: 20,000 comments · 400 threads · 10,000/s\n',
      'parley: import: done, 26,000 comments, 520 threads read in 3.0 s\n',
    ]);
  });
});
