-- Readers' data rights (DESIGN.md §3 privacy:export / privacy:erase).
--
-- An erased comment keeps its body but no longer has an author's email: the
-- ciphertext and its digest become nullable (NULLs are distinct in a unique
-- index, so erased comments never collide as duplicates). Both are set and
-- cleared together.
ALTER TABLE "comments"
    ALTER COLUMN "author_email_cipher" DROP NOT NULL,
    ALTER COLUMN "author_email_digest" DROP NOT NULL,
    ADD CONSTRAINT "comments_author_email_both_or_neither"
        CHECK (("author_email_cipher" IS NULL) = ("author_email_digest" IS NULL));

-- A personal-data request (an export or an erasure) is audited once per
-- request, with no comment or site of its own and nothing that names the
-- person; the erasure's per-comment entries still name their comment.
ALTER TABLE "audit_entries"
    ALTER COLUMN "comment_id" DROP NOT NULL,
    ALTER COLUMN "site_id" DROP NOT NULL;
