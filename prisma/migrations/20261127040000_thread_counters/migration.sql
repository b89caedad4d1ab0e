-- What readers see of a thread, kept on the thread itself (DESIGN.md §5, §8):
-- the number of approved comments, and a version that grows whenever
-- anything visible in it changes. A page view then reads one row instead of counting a thread's
-- comments (100,000 in a big one), and answers a reader who already has the
-- current page 304 Not Modified from that row alone (its ETag).
--
-- A trigger keeps both true whoever writes: the readers' API, moderators,
-- erasure, the CLI, imports. Only changes a reader can see touch the thread
-- row, so a pending comment (most of a pre-moderated site's writes) costs
-- nothing more.
ALTER TABLE "threads"
    ADD COLUMN "approved_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;

UPDATE "threads" t SET "approved_count" = (SELECT count(*) FROM "comments" c WHERE c."thread_id" = t."id" AND c."status" = 'approved');

-- Statement-level, over the statement's rows (transition tables): a bulk
-- insert or a bulk moderation touches each thread's row once, not once per
-- comment (an import of 100,000 comments would otherwise rewrite its thread's
-- row 100,000 times).
CREATE FUNCTION parley_comments_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE threads t SET approved_count = t.approved_count + d.n, version = t.version + 1
    FROM (SELECT thread_id, count(*) AS n FROM new_rows WHERE status = 'approved' GROUP BY thread_id) d
   WHERE t.id = d.thread_id;
  RETURN NULL;
END $$;

CREATE FUNCTION parley_comments_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE threads t SET approved_count = t.approved_count - d.n, version = t.version + 1
    FROM (SELECT thread_id, count(*) AS n FROM old_rows WHERE status = 'approved' GROUP BY thread_id) d
   WHERE t.id = d.thread_id;
  RETURN NULL;
END $$;

-- Any change to a comment readers see (or saw) is a new version: a status, an erased author, a reply moved up.
CREATE FUNCTION parley_comments_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE threads t SET approved_count = t.approved_count + d.delta, version = t.version + 1
    FROM (SELECT n.thread_id, sum((n.status = 'approved')::int - (o.status = 'approved')::int) AS delta
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE o.status = 'approved' OR n.status = 'approved'
           GROUP BY n.thread_id) d
   WHERE t.id = d.thread_id;
  RETURN NULL;
END $$;

CREATE TRIGGER "comments_inserted" AFTER INSERT ON "comments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_comments_inserted();
CREATE TRIGGER "comments_deleted" AFTER DELETE ON "comments" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_comments_deleted();
CREATE TRIGGER "comments_updated" AFTER UPDATE ON "comments" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_comments_updated();

-- The thread's own visible fields (title, URL, closed by hand) count as a change too.
CREATE FUNCTION parley_thread_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.title, NEW.url, NEW.closed) IS DISTINCT FROM (OLD.title, OLD.url, OLD.closed) THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "threads_seen" BEFORE UPDATE ON "threads" FOR EACH ROW EXECUTE FUNCTION parley_thread_seen();
