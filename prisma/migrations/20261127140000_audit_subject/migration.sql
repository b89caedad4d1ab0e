-- The admins' API (DESIGN.md §12) audits changes to moderators: who was
-- created, changed or removed, beside who did it (moderator_id). No foreign
-- key: the entry outlives the moderator it names, as it outlives a comment.
ALTER TABLE "audit_entries" ADD COLUMN "subject_moderator_id" UUID;
