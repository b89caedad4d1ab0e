// The floor to compare Parley with: a hand-written Express + pg endpoint that
// runs the same queries for the same answers, with none of Parley's
// validation, sanitizing, encryption, CORS, logging or ORM.
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = express();
app.use(express.json({ limit: '64kb' }));

const COLUMNS = 'id, parent_id, author_name, author_website, avatar_seed, body_html, created_at';
const present = (r) => ({ id: r.id, parentId: r.parent_id, authorName: r.author_name, authorWebsite: r.author_website, avatar: r.avatar_seed, bodyHtml: r.body_html, createdAt: r.created_at });
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

app.get('/api/comments', async (req, res) => {
  const { site, thread } = req.query;
  const limit = Number(req.query.limit ?? 50);
  if (!(await pool.query('SELECT id FROM sites WHERE id = $1', [site])).rowCount) return res.status(404).json({ error: { code: 'site_not_found' } });
  const t = (await pool.query('SELECT id, key, title, url, closed FROM threads WHERE site_id = $1 AND key = $2', [site, thread])).rows[0];
  if (!t) return res.json({ thread: { key: thread, title: null, url: null, closed: false, commentCount: 0 }, comments: [], nextCursor: null });
  const [tops, count] = await Promise.all([
    pool.query(`SELECT ${COLUMNS} FROM comments WHERE thread_id = $1 AND status = 'approved' AND depth = 1 ORDER BY id LIMIT $2`, [t.id, limit + 1]),
    pool.query(`SELECT count(*)::int AS n FROM comments WHERE thread_id = $1 AND status = 'approved'`, [t.id]),
  ]);
  const page = tops.rows.slice(0, limit);
  const replies = await pool.query(`SELECT ${COLUMNS} FROM comments WHERE root_id = ANY($1) AND status = 'approved' ORDER BY depth, id`, [page.map((r) => r.id)]);
  res.json({
    thread: { key: t.key, title: t.title, url: t.url, closed: t.closed, commentCount: count.rows[0].n },
    comments: [...page, ...replies.rows].map(present),
    nextCursor: tops.rows.length > limit ? page.at(-1).id : null,
  });
});

app.post('/api/comments', async (req, res) => {
  const b = req.body;
  const t = await pool.query('SELECT id FROM threads WHERE site_id = $1 AND key = $2', [b.site, b.thread]);
  const c = await pool.query(
    `INSERT INTO comments (id, thread_id, author_name, author_email_cipher, author_email_digest, avatar_seed, body, body_html, body_fingerprint)
     VALUES (uuidv7(), $1, $2, convert_to($3, 'UTF8'), md5($3) || md5($3), left(md5($3), 20), $4, $5, md5($4) || md5($3))
     RETURNING ${COLUMNS}`,
    [t.rows[0].id, b.name, b.email, b.body, `<p>${escape(b.body)}</p>`],
  );
  res.status(201).json({ comment: { ...present(c.rows[0]), status: 'pending' }, message: 'Your comment is awaiting moderation.' });
});

app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
