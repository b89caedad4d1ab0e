// The floor to compare Parley with: hand-written Express + pg endpoints (a
// thread page, counts, a new comment) that run the same queries for the same
// answers, with none of Parley's validation, sanitizing, encryption, CORS,
// rate limits, logging or ORM.
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
  // The thread keeps its approved count (a trigger maintains it), as Parley reads it.
  const t = (await pool.query('SELECT id, key, title, url, closed, approved_count FROM threads WHERE site_id = $1 AND key = $2', [site, thread])).rows[0];
  if (!t) return res.json({ thread: { key: thread, title: null, url: null, closed: false, commentCount: 0 }, comments: [], nextCursor: null });
  const tops = await pool.query(`SELECT ${COLUMNS} FROM comments WHERE thread_id = $1 AND status = 'approved' AND depth = 1 ORDER BY id LIMIT $2`, [t.id, limit + 1]);
  const page = tops.rows.slice(0, limit);
  const replies = await pool.query(`SELECT ${COLUMNS} FROM comments WHERE root_id = ANY($1) AND status = 'approved' ORDER BY depth, id`, [page.map((r) => r.id)]);
  res.json({
    thread: { key: t.key, title: t.title, url: t.url, closed: t.closed, commentCount: t.approved_count },
    comments: [...page, ...replies.rows].map(present),
    nextCursor: tops.rows.length > limit ? page.at(-1).id : null,
  });
});

app.get('/api/counts', async (req, res) => {
  const keys = [req.query.thread ?? []].flat();
  const { rows } = await pool.query('SELECT key, approved_count FROM threads WHERE site_id = $1 AND key = ANY($2)', [req.query.site, keys]);
  const byKey = new Map(rows.map((r) => [r.key, r.approved_count]));
  res.json({ counts: Object.fromEntries(keys.map((k) => [k, byKey.get(k) ?? 0])) });
});

// Published at once, as Parley does on a site in 'post' mode.
app.post('/api/comments', async (req, res) => {
  const b = req.body;
  const t = await pool.query('SELECT id FROM threads WHERE site_id = $1 AND key = $2', [b.site, b.thread]);
  const c = await pool.query(
    `INSERT INTO comments (id, thread_id, author_name, author_email_cipher, author_email_digest, avatar_seed, body, body_html, body_fingerprint, status)
     VALUES (uuidv7(), $1, $2, convert_to($3, 'UTF8'), md5($3) || md5($3), left(md5($3), 20), $4, $5, md5($4) || md5($3), 'approved')
     RETURNING ${COLUMNS}`,
    [t.rows[0].id, b.name, b.email, b.body, `<p>${escape(b.body)}</p>`],
  );
  res.status(201).json({ comment: { ...present(c.rows[0]), status: 'approved' } });
});

app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
