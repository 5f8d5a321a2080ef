CREATE TYPE "public"."notification_channel" AS ENUM('email', 'io');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('receipt', 'new_notice', 'reminder');--> statement-breakpoint
CREATE TYPE "public"."notification_state" AS ENUM('pending', 'sent', 'failed', 'dead', 'cancelled');--> statement-breakpoint
CREATE TABLE "notification_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notification_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"outbox_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" varchar(10) NOT NULL,
	"provider_id" varchar(200),
	"error" text,
	CONSTRAINT "notification_attempts_outcome" CHECK ("notification_attempts"."outcome" in ('sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"event_key" varchar(120) NOT NULL,
	"recipient" varchar(254) NOT NULL,
	"position_id" uuid,
	"receipt_row_id" uuid,
	"state" "notification_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"provider_id" varchar(200),
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"email_enabled" boolean DEFAULT true NOT NULL,
	"io_enabled" boolean DEFAULT false NOT NULL,
	"receipt_enabled" boolean DEFAULT true NOT NULL,
	"new_notice_enabled" boolean DEFAULT true NOT NULL,
	"reminder_enabled" boolean DEFAULT false NOT NULL,
	"sender_address" varchar(254),
	"attach_receipt_pdf" boolean DEFAULT false NOT NULL,
	"reminder_days_before" smallint DEFAULT 7 NOT NULL,
	"max_reminders" smallint DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_reminder_days" CHECK ("notification_settings"."reminder_days_before" between 1 and 60),
	CONSTRAINT "notification_settings_max_reminders" CHECK ("notification_settings"."max_reminders" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_outbox_id_notification_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."notification_outbox"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_receipt_row_id_receipts_id_fk" FOREIGN KEY ("receipt_row_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_attempts_outbox_idx" ON "notification_attempts" USING btree ("outbox_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_event_key" ON "notification_outbox" USING btree ("ente_id","event_key","channel","recipient");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("next_attempt_at") WHERE "notification_outbox"."state" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "notification_outbox_position_idx" ON "notification_outbox" USING btree ("ente_id","position_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_problems_idx" ON "notification_outbox" USING btree ("ente_id","updated_at","id") WHERE "notification_outbox"."state" in ('failed', 'dead');--> statement-breakpoint
CREATE INDEX "notification_outbox_receipt_idx" ON "notification_outbox" USING btree ("receipt_row_id");