-- Bans (DESIGN.md §6): a moderator bans a comment's author on that comment's
-- site, by the author's email digest, address digest or both. Only digests
-- are kept (HMACs keyed from PARLEY_SECRET), never a raw email or address.
-- Every new comment asks whether its digests are banned on its site, so each
-- digest has an index led by the site.
-- CreateTable
CREATE TABLE "bans" (
    "id" UUID NOT NULL,
    "site_id" VARCHAR(32) NOT NULL,
    "email_digest" CHAR(64),
    "ip_digest" CHAR(64),
    "comment_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "bans_email_or_ip" CHECK ("email_digest" IS NOT NULL OR "ip_digest" IS NOT NULL)
);

-- CreateIndex
CREATE INDEX "bans_site_id_email_digest_idx" ON "bans"("site_id", "email_digest");

-- CreateIndex
CREATE INDEX "bans_site_id_ip_digest_idx" ON "bans"("site_id", "ip_digest");

-- CreateIndex (deleting a comment sets its bans' comment_id to null)
CREATE INDEX "bans_comment_id_idx" ON "bans"("comment_id");

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "moderators"("id") ON DELETE SET NULL ON UPDATE CASCADE;
