-- Likes remember the address they came from (its HMAC, as comments do; never
-- the raw IP). A like without a token mints a new author key, so "one like per
-- key" alone would let one client like a comment as often as the per-minute
-- request limit allows; a comment takes at most a few likes from one address
-- (an IPv6 address counted by its /56), enough for a household or an office.
-- Null for likes made before this column.
ALTER TABLE "comment_likes" ADD COLUMN "ip_digest" CHAR(64);

CREATE INDEX "comment_likes_comment_id_ip_digest_idx" ON "comment_likes"("comment_id", "ip_digest");
