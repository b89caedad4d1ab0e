-- CreateEnum
CREATE TYPE "ModerationMode" AS ENUM ('pre', 'post', 'trusted');

-- CreateEnum
CREATE TYPE "CommentStatus" AS ENUM ('pending', 'approved', 'rejected', 'spam');

-- CreateEnum
CREATE TYPE "ModeratorRole" AS ENUM ('admin', 'moderator');

-- CreateTable
CREATE TABLE "sites" (
    "id" VARCHAR(32) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "allowed_origins" TEXT[],
    "mode" "ModerationMode" NOT NULL DEFAULT 'pre',
    "max_links" INTEGER NOT NULL DEFAULT 2,
    "moderation_words" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disallowed_words" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "depth_limit" INTEGER NOT NULL DEFAULT 3,
    "flood_seconds" INTEGER NOT NULL DEFAULT 15,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threads" (
    "id" UUID NOT NULL,
    "site_id" VARCHAR(32) NOT NULL,
    "key" VARCHAR(512) NOT NULL,
    "title" VARCHAR(300),
    "url" VARCHAR(2048),
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comments" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "parent_id" UUID,
    "root_id" UUID,
    "depth" INTEGER NOT NULL DEFAULT 1,
    "author_name" VARCHAR(100) NOT NULL,
    "author_email_cipher" BYTEA NOT NULL,
    "author_email_digest" CHAR(64) NOT NULL,
    "author_website" VARCHAR(200),
    "avatar_seed" VARCHAR(32) NOT NULL,
    "body" TEXT NOT NULL,
    "body_html" TEXT NOT NULL,
    "body_fingerprint" CHAR(64) NOT NULL,
    "status" "CommentStatus" NOT NULL DEFAULT 'pending',
    "held_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ip_digest" CHAR(64),
    "user_agent" VARCHAR(512),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "moderated_at" TIMESTAMPTZ(3),
    "moderated_by_id" UUID,

    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderators" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "ModeratorRole" NOT NULL DEFAULT 'moderator',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderator_sites" (
    "moderator_id" UUID NOT NULL,
    "site_id" VARCHAR(32) NOT NULL,

    CONSTRAINT "moderator_sites_pkey" PRIMARY KEY ("moderator_id","site_id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "moderator_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "site_id" VARCHAR(32) NOT NULL,
    "moderator_id" UUID,
    "action" VARCHAR(32) NOT NULL,
    "from_status" "CommentStatus",
    "to_status" "CommentStatus",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "threads_site_id_key_key" ON "threads"("site_id", "key");

-- CreateIndex
CREATE INDEX "comments_thread_id_status_depth_id_idx" ON "comments"("thread_id", "status", "depth", "id");

-- CreateIndex
CREATE INDEX "comments_root_id_status_idx" ON "comments"("root_id", "status");

-- CreateIndex
CREATE INDEX "comments_parent_id_idx" ON "comments"("parent_id");

-- CreateIndex
CREATE INDEX "comments_author_email_digest_created_at_idx" ON "comments"("author_email_digest", "created_at");

-- CreateIndex
CREATE INDEX "comments_ip_digest_created_at_idx" ON "comments"("ip_digest", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "comments_thread_id_author_email_digest_body_fingerprint_key" ON "comments"("thread_id", "author_email_digest", "body_fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "moderators_email_key" ON "moderators"("email");

-- CreateIndex
CREATE INDEX "moderator_sites_site_id_idx" ON "moderator_sites"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_moderator_id_idx" ON "sessions"("moderator_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "audit_entries_comment_id_created_at_idx" ON "audit_entries"("comment_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entries_site_id_created_at_idx" ON "audit_entries"("site_id", "created_at");

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "comments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_moderated_by_id_fkey" FOREIGN KEY ("moderated_by_id") REFERENCES "moderators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderator_sites" ADD CONSTRAINT "moderator_sites_moderator_id_fkey" FOREIGN KEY ("moderator_id") REFERENCES "moderators"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderator_sites" ADD CONSTRAINT "moderator_sites_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_moderator_id_fkey" FOREIGN KEY ("moderator_id") REFERENCES "moderators"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_moderator_id_fkey" FOREIGN KEY ("moderator_id") REFERENCES "moderators"("id") ON DELETE SET NULL ON UPDATE CASCADE;
