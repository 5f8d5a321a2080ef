ALTER TYPE "public"."notification_state" ADD VALUE 'unreachable';--> statement-breakpoint
ALTER TABLE "notification_attempts" DROP CONSTRAINT "notification_attempts_outcome";--> statement-breakpoint
ALTER TABLE "notification_attempts" ALTER COLUMN "outcome" SET DATA TYPE varchar(16);--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "io_service_key_ciphertext" "bytea";--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "io_service_key_hint" varchar(4);--> statement-breakpoint
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_outcome" CHECK ("notification_attempts"."outcome" in ('sent', 'accepted', 'failed', 'unreachable'));