// The WXR reader streams: it reads the file a chunk at a time, and only as
// fast as its consumer takes posts, so a big export never sits in memory whole.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadImportFile } from '../../src/errors.js';
import { readWxr } from '../../src/imports/wxr.js';
import { writeWxr } from './helpers.js';

let tmp: string;
let file: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'parley-wxr-read-'));
  file = path.join(tmp, 'blog.xml');
  await writeWxr(file, 400, 20);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the WXR reader', () => {
  it('reads no further than the posts asked for need', async () => {
    let read = 0;
    const reader = readWxr(file, { onBytes: (n) => (read = n) });
    const posts = reader.posts();
    const first = await posts.next();
    expect(first.value).toMatchObject({ id: '1', type: 'post', link: 'https://big.example/2016/post-1/', title: 'Post number 1' });
    expect(first.value!.comments).toHaveLength(20);
    expect(reader.channel).toEqual({ link: 'https://big.example', blogUrl: 'https://big.example', wxrVersion: '1.2' });
    // One chunk of 256 KiB of a file many times that size.
    expect(statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    expect(read).toBeLessThanOrEqual(256 * 1024);
    await posts.return(undefined);
  });

  it('reads every post and comment of the file, in order', async () => {
    let posts = 0;
    let comments = 0;
    let last = '';
    for await (const post of readWxr(file).posts()) {
      posts++;
      comments += post.comments.length;
      last = post.comments.at(-1)!.id;
    }
    expect({ posts, comments, last }).toEqual({ posts: 400, comments: 8_000, last: '8000' });
  });

  it('names the file and line of what it cannot read', async () => {
    const broken = path.join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'blog-truncated.xml');
    const read = async () => {
      for await (const _ of readWxr(broken).posts());
    };
    await expect(read()).rejects.toThrow(BadImportFile);
    await expect(read()).rejects.toThrow('blog-truncated.xml, line 262: the file ends inside <wp:comment_date>: it was cut short');
  });
});
