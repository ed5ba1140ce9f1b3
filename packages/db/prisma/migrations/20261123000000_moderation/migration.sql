-- CreateEnum
CREATE TYPE "ChatBadge" AS ENUM ('OWNER', 'MODERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "FilterMode" AS ENUM ('OFF', 'MASK', 'HOLD', 'BLOCK');

-- AlterEnum
ALTER TYPE "MessageStatus" ADD VALUE 'DENIED';

-- AlterTable
ALTER TABLE "live_streams" ADD COLUMN     "profanityFilter" "FilterMode" NOT NULL DEFAULT 'MASK',
ADD COLUMN     "shieldMode" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "shieldRestore" JSONB,
ADD COLUMN     "termsVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "authorBadge" "ChatBadge",
ADD COLUMN     "originalBody" TEXT,
ALTER COLUMN "seq" DROP NOT NULL;


-- The moderation log is append-only: rows cannot be deleted, and an update may
-- only clear a reference to a deleted stream, user or message (ON DELETE SET NULL).
CREATE FUNCTION moderation_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'moderation_logs is append-only: rows cannot be deleted';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id
    OR NEW.action IS DISTINCT FROM OLD.action
    OR NEW.reason IS DISTINCT FROM OLD.reason
    OR NEW.details IS DISTINCT FROM OLD.details
    OR NEW."createdAt" IS DISTINCT FROM OLD."createdAt"
    OR (NEW."streamId" IS DISTINCT FROM OLD."streamId" AND NEW."streamId" IS NOT NULL)
    OR (NEW."actorId" IS DISTINCT FROM OLD."actorId" AND NEW."actorId" IS NOT NULL)
    OR (NEW."targetUserId" IS DISTINCT FROM OLD."targetUserId" AND NEW."targetUserId" IS NOT NULL)
    OR (NEW."targetMessageId" IS DISTINCT FROM OLD."targetMessageId" AND NEW."targetMessageId" IS NOT NULL)
  THEN
    RAISE EXCEPTION 'moderation_logs is append-only: rows cannot be changed';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER moderation_logs_append_only
  BEFORE UPDATE OR DELETE ON moderation_logs
  FOR EACH ROW EXECUTE FUNCTION moderation_logs_append_only();
