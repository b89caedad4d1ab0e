// Reads a WordPress export (WXR: RSS 2.0 with the wp: namespace) as a stream,
// one post at a time with its comments, so that a 100 MB file never sits in
// memory whole. The file is read a chunk at a time and each chunk is parsed
// (sax, strict XML) before the next is read: the generator yields the posts a
// chunk completed and reads on only when its consumer asks, so a slow
// consumer (the database) holds the reading back. Only the fields an import
// uses are collected; a post's own content is never kept.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import sax from 'sax';
import { BadImportFile } from '../errors.js';

export interface WxrComment {
  id: string;
  parent: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
}

export interface WxrPost {
  /** The line its <item> starts on, for messages. */
  line: number;
  id: string;
  title: string;
  link: string;
  type: string;
  date: string;
  dateGmt: string;
  commentStatus: string;
  comments: WxrComment[];
}

/** What the export says of the blog itself (it comes before the posts). */
export interface WxrChannel {
  link: string;
  blogUrl: string;
  wxrVersion: string;
}

const CHANNEL_FIELDS: Record<string, keyof WxrChannel> = { link: 'link', 'wp:base_blog_url': 'blogUrl', 'wp:wxr_version': 'wxrVersion' };
const POST_FIELDS: Record<string, Exclude<keyof WxrPost, 'line' | 'comments'>> = {
  title: 'title',
  link: 'link',
  'wp:post_id': 'id',
  'wp:post_type': 'type',
  'wp:post_date': 'date',
  'wp:post_date_gmt': 'dateGmt',
  'wp:comment_status': 'commentStatus',
};
const COMMENT_FIELDS: Record<string, keyof WxrComment> = {
  'wp:comment_id': 'id',
  'wp:comment_parent': 'parent',
  'wp:comment_author': 'author',
  'wp:comment_author_email': 'email',
  'wp:comment_author_url': 'url',
  'wp:comment_author_IP': 'ip',
  'wp:comment_date': 'date',
  'wp:comment_date_gmt': 'dateGmt',
  'wp:comment_content': 'content',
  'wp:comment_approved': 'approved',
  'wp:comment_type': 'type',
};

const emptyPost = (line: number): WxrPost => ({ line, id: '', title: '', link: '', type: '', date: '', dateGmt: '', commentStatus: '', comments: [] });
const emptyComment = (): WxrComment => ({ id: '', parent: '0', author: '', email: '', url: '', ip: '', date: '', dateGmt: '', content: '', approved: '', type: '' });

const CHUNK_BYTES = 256 * 1024;

export interface WxrReader {
  /** The blog, as far as the file has told (complete once the first post is read). */
  readonly channel: WxrChannel;
  /** The posts, in file order. Throws BadImportFile, with the line, for XML that is not well-formed or not a WordPress export. */
  posts(): AsyncGenerator<WxrPost>;
}

export function readWxr(file: string, opts: { onBytes?: (bytesRead: number) => void } = {}): WxrReader {
  const name = path.basename(file);
  const channel: WxrChannel = { link: '', blogUrl: '', wxrVersion: '' };
  return {
    channel,
    async *posts() {
      const parser = sax.parser(true, { position: true });
      const ready: WxrPost[] = [];
      const stack: string[] = [];
      let post: WxrPost | undefined;
      let comment: WxrComment | undefined;
      /** The field whose text is being collected, and where it goes. */
      let field: { set(value: string): void } | undefined;
      let text = '';
      let sawRoot = false;
      const fail = (reason: string): never => {
        throw new BadImportFile(name, parser.line + 1, reason);
      };

      parser.onerror = (err) => {
        const reason = err.message.split('\n')[0]!;
        // What a cut-short download or copy looks like to the parser.
        if (/^(Unclosed root tag|Unexpected end)/.test(reason)) fail(`the file ends inside <${stack.at(-1) ?? 'rss'}>: it was cut short`);
        fail(`not well-formed XML: ${reason}`);
      };
      parser.onopentag = (tag) => {
        const depth = stack.push(tag.name);
        sawRoot = true;
        if (depth === 1 && tag.name !== 'rss') fail(`not a WordPress export: the document is <${tag.name}>, not <rss>`);
        field = undefined;
        if (depth === 3 && stack[1] === 'channel') {
          if (tag.name === 'item') {
            if (!channel.wxrVersion) fail('not a WordPress export (WXR): no <wp:wxr_version> before the first <item>');
            post = emptyPost(parser.line + 1);
            return;
          }
          const key = CHANNEL_FIELDS[tag.name];
          if (key) field = { set: (v) => (channel[key] = v.trim()) };
        } else if (post && depth === 4) {
          if (tag.name === 'wp:comment') {
            comment = emptyComment();
            return;
          }
          const key = POST_FIELDS[tag.name];
          const into = post;
          if (key) field = { set: (v) => (into[key] = key === 'title' ? v : v.trim()) };
        } else if (comment && depth === 5) {
          const key = COMMENT_FIELDS[tag.name];
          const into = comment;
          if (key) field = { set: (v) => (into[key] = key === 'content' || key === 'author' ? v : v.trim()) };
        }
        text = '';
      };
      parser.ontext = (t) => {
        if (field) text += t;
      };
      parser.oncdata = parser.ontext;
      parser.onclosetag = (tagName) => {
        const depth = stack.length;
        stack.pop();
        if (field) {
          field.set(text);
          field = undefined;
          text = '';
        } else if (depth === 4 && comment && tagName === 'wp:comment') {
          post?.comments.push(comment);
          comment = undefined;
        } else if (depth === 3 && post && tagName === 'item') {
          ready.push(post);
          post = undefined;
        }
      };

      // The decoder keeps a character split between two chunks, and drops a byte-order mark.
      const decoder = new TextDecoder('utf-8');
      let bytes = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        parser.write(decoder.decode(chunk, { stream: true }));
        opts.onBytes?.(bytes);
        yield* ready.splice(0);
      }
      parser.write(decoder.decode());
      if (!sawRoot) throw new BadImportFile(name, undefined, 'not a WordPress export: the file has no XML document in it');
      parser.close();
      yield* ready.splice(0);
    },
  };
}
