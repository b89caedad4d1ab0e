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

CREATE FUNCTION parley_comment_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'approved' THEN
      UPDATE threads SET approved_count = approved_count + 1, version = version + 1 WHERE id = NEW.thread_id;
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status = 'approved' THEN
      UPDATE threads SET approved_count = approved_count - 1, version = version + 1 WHERE id = OLD.thread_id;
    END IF;
  ELSIF OLD.status = 'approved' OR NEW.status = 'approved' THEN
    UPDATE threads
       SET approved_count = approved_count + (NEW.status = 'approved')::int - (OLD.status = 'approved')::int, version = version + 1
     WHERE id = NEW.thread_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "comments_seen" AFTER INSERT OR UPDATE OR DELETE ON "comments" FOR EACH ROW EXECUTE FUNCTION parley_comment_seen();

-- The thread's own visible fields (title, URL, closed by hand) count as a change too.
CREATE FUNCTION parley_thread_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.title, NEW.url, NEW.closed) IS DISTINCT FROM (OLD.title, OLD.url, OLD.closed) THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "threads_seen" BEFORE UPDATE ON "threads" FOR EACH ROW EXECUTE FUNCTION parley_thread_seen();
