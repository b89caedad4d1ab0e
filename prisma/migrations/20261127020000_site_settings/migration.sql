-- Site settings (DESIGN.md §6, admin API and `site:update`): threads close
-- after a number of days (null: never), and a webhook URL (null: none).
-- The API validates both; the checks keep a hand-made row from breaking
-- those rules (0 or negative days would close every thread).
-- AlterTable
ALTER TABLE "sites"
    ADD COLUMN "close_after_days" INTEGER,
    ADD COLUMN "webhook_url" VARCHAR(2048),
    ADD CONSTRAINT "sites_close_after_days_positive" CHECK ("close_after_days" IS NULL OR "close_after_days" > 0);
