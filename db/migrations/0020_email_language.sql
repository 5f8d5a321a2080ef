ALTER TABLE "carts" ADD COLUMN "locale" varchar(2) DEFAULT 'it' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "locale" varchar(2) DEFAULT 'it' NOT NULL;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_locale" CHECK ("carts"."locale" in ('it', 'en'));--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_locale" CHECK ("notification_outbox"."locale" in ('it', 'en'));