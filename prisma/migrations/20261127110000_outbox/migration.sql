-- Mail and webhooks through an outbox (DESIGN.md §10, issue 15).
--
-- What must be sent is written to PostgreSQL in the same statement as the
-- change that causes it (a new comment on a site with a webhook, a status
-- change), or by a sweep that derives it from the comments table (the
-- moderators' digest), and sent by a worker in every running server
-- (src/outbox/worker.ts). Rows are claimed with FOR UPDATE SKIP LOCKED and a
-- lease, so several instances never send one item twice; a crash between
-- "sent" and "marked" sends it again once the lease runs out (at least once).

-- A reader's "Notify me of follow-up comments by email" (POST /api/comments `notify`).
-- AlterTable
ALTER TABLE "comments" ADD COLUMN "notify" BOOLEAN NOT NULL DEFAULT false;

-- CreateEnum
CREATE TYPE "OutboxKind" AS ENUM ('mail', 'webhook');

-- pending: waiting (or leased: available_at is then the lease's end); sent;
-- skipped (nothing to send any more: the comment is gone, the reader
-- unsubscribed, the webhook was removed); failed (every attempt failed: kept
-- for inspection, pruned after 30 days).
-- CreateEnum
CREATE TYPE "OutboxState" AS ENUM ('pending', 'sent', 'skipped', 'failed');

-- Rows hold ids, never an email or a webhook URL: who to write to and what to
-- say is read when the item is sent, so an erasure or an unsubscription
-- before then is obeyed.
-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "kind" "OutboxKind" NOT NULL,
    "topic" VARCHAR(32) NOT NULL,
    "dedupe_key" VARCHAR(200) NOT NULL,
    "site_id" VARCHAR(32) NOT NULL,
    "comment_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "state" "OutboxState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- One item per cause (a comment's approval is announced once, however often it is approved).
-- CreateIndex
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");

-- The workers' claim (pending and due, oldest first), the depth gauge and pruning.
-- CreateIndex
CREATE INDEX "outbox_state_available_at_idx" ON "outbox"("state", "available_at");

-- Addresses that asked for no more mail, per list ('reader': reply and
-- approval notifications; 'moderator': the digest), by an HMAC of the
-- address keyed for this purpose: no email is stored.
-- CreateEnum
CREATE TYPE "MailList" AS ENUM ('reader', 'moderator');

-- CreateTable
CREATE TABLE "mail_unsubscribes" (
    "list" "MailList" NOT NULL,
    "address_digest" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mail_unsubscribes_pkey" PRIMARY KEY ("list", "address_digest")
);

-- The moderators' digest, per site: new pending comments the sweep found
-- since the last digest (the first 25 by id, and how many more), and when the
-- last digest was queued (one per 5 minutes at most).
-- CreateTable
CREATE TABLE "mail_digests" (
    "site_id" VARCHAR(32) NOT NULL,
    "comment_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "more" INTEGER NOT NULL DEFAULT 0,
    "last_queued_at" TIMESTAMPTZ(3),

    CONSTRAINT "mail_digests_pkey" PRIMARY KEY ("site_id")
);

-- AddForeignKey
ALTER TABLE "mail_digests" ADD CONSTRAINT "mail_digests_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- How far a sweep over the comments table has read (comment ids are UUIDv7,
-- ordered by time), so each comment is looked at once, whichever instance sweeps.
-- CreateTable
CREATE TABLE "outbox_sweeps" (
    "name" VARCHAR(64) NOT NULL,
    "upto" UUID NOT NULL,
    "swept_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_sweeps_pkey" PRIMARY KEY ("name")
);
