CREATE TABLE "rate_limits" (
	"bucket" varchar(200) NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
DROP INDEX "jobs_ready_idx";--> statement-breakpoint
DROP INDEX "jobs_singleton_key";--> statement-breakpoint
-- Bodies become bytes: a NUL byte or invalid UTF-8 from a partner must be storable, never a 5xx.
ALTER TABLE "partner_inbox" ALTER COLUMN "raw_body" SET DATA TYPE bytea USING convert_to("raw_body", 'UTF8');--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "browser_key_hash" char(64);--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "locked_by" uuid;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partner_inbox" ADD COLUMN "body_sha256" char(64);--> statement-breakpoint
ALTER TABLE "partner_inbox" ADD COLUMN "body_bytes" integer;--> statement-breakpoint
UPDATE "partner_inbox" SET "body_sha256" = encode(sha256("raw_body"), 'hex'), "body_bytes" = octet_length("raw_body");--> statement-breakpoint
ALTER TABLE "partner_inbox" ALTER COLUMN "body_sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_inbox" ALTER COLUMN "body_bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_inbox" ADD COLUMN "body_truncated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_inbox" ADD COLUMN "source_address" varchar(45);--> statement-breakpoint
-- Receipts written before this migration were hashed with the first, untagged scheme: they keep version 0.
ALTER TABLE "receipts" ADD COLUMN "hash_version" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "hash_version" SET DEFAULT 1;--> statement-breakpoint
CREATE INDEX "rate_limits_window_start_idx" ON "rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "carts_ente_browser_status_idx" ON "carts" USING btree ("ente_id","browser_key_hash","status");--> statement-breakpoint
CREATE INDEX "jobs_dead_idx" ON "jobs" USING btree ("dead_at") WHERE "jobs"."dead_at" is not null;--> statement-breakpoint
CREATE INDEX "partner_inbox_unverified_received_idx" ON "partner_inbox" USING btree ("received_at") WHERE "partner_inbox"."verified" = false;--> statement-breakpoint
CREATE INDEX "jobs_ready_idx" ON "jobs" USING btree ("queue","run_at") WHERE "jobs"."done_at" is null and "jobs"."dead_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_singleton_key" ON "jobs" USING btree ("queue","singleton_key") WHERE "jobs"."done_at" is null and "jobs"."dead_at" is null;--> statement-breakpoint
-- Jobs that had used all their attempts were stuck forever, holding their singleton key: they are dead.
UPDATE "jobs" SET "dead_at" = now() WHERE "done_at" IS NULL AND "attempts" >= "max_attempts";