CREATE TYPE "public"."conservatore_kind" AS ENUM('none', 'parer', 'export');--> statement-breakpoint
CREATE TYPE "public"."conservazione_state" AS ENUM('pending', 'sent', 'preserved', 'rejected', 'failed', 'exported');--> statement-breakpoint
CREATE TABLE "conservazione_configs" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"conservatore" "conservatore_kind" DEFAULT 'none' NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"settings" jsonb,
	"parer_settings" jsonb,
	"parer_secrets_ciphertext" "bytea",
	"config_error" jsonb,
	"run_token" uuid,
	"run_lease_until" timestamp with time zone,
	"last_run_started_at" timestamp with time zone,
	"last_run_finished_at" timestamp with time zone,
	"last_run_summary" jsonb,
	"last_preserved_at" timestamp with time zone,
	"run_again_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "conservazione_configs_settings" CHECK ("conservazione_configs"."conservatore" = 'none' or "conservazione_configs"."settings" is not null),
	CONSTRAINT "conservazione_configs_parer" CHECK ("conservazione_configs"."conservatore" <> 'parer' or "conservazione_configs"."parer_settings" is not null),
	CONSTRAINT "conservazione_configs_enabled" CHECK ("conservazione_configs"."conservatore" <> 'none' or not "conservazione_configs"."enabled")
);
--> statement-breakpoint
CREATE TABLE "conservazione_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"day" date NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"sha256" char(64) NOT NULL,
	"size_bytes" integer NOT NULL,
	"receipts" integer NOT NULL,
	"skipped" jsonb NOT NULL,
	"zip" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conservazione_receipts" (
	"receipt_row_id" uuid PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"receipt_seq" bigint NOT NULL,
	"state" "conservazione_state" DEFAULT 'pending' NOT NULL,
	"outcome_code" varchar(60),
	"outcome_message" text,
	"rapporto" text,
	"rapporto_sha256" char(64),
	"rapporto_urn" text,
	"sip_urn" text,
	"warnings" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"preserved_at" timestamp with time zone,
	"export_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conservazione_receipts_preserved" CHECK ("conservazione_receipts"."state" <> 'preserved' or ("conservazione_receipts"."rapporto" is not null and "conservazione_receipts"."preserved_at" is not null)),
	CONSTRAINT "conservazione_receipts_exported" CHECK ("conservazione_receipts"."state" <> 'exported' or "conservazione_receipts"."export_id" is not null)
);
--> statement-breakpoint
-- Before the foreign key on (ente_id, export_id), which needs it.
CREATE UNIQUE INDEX "conservazione_exports_ente_id_key" ON "conservazione_exports" USING btree ("ente_id","id");--> statement-breakpoint
ALTER TABLE "conservazione_configs" ADD CONSTRAINT "conservazione_configs_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_configs" ADD CONSTRAINT "conservazione_configs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_exports" ADD CONSTRAINT "conservazione_exports_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_receipts" ADD CONSTRAINT "conservazione_receipts_receipt_row_id_receipts_id_fk" FOREIGN KEY ("receipt_row_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_receipts" ADD CONSTRAINT "conservazione_receipts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_receipts" ADD CONSTRAINT "conservazione_receipts_receipt_seq_fk" FOREIGN KEY ("ente_id","receipt_seq") REFERENCES "public"."receipts"("ente_id","seq") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conservazione_receipts" ADD CONSTRAINT "conservazione_receipts_export_fk" FOREIGN KEY ("ente_id","export_id") REFERENCES "public"."conservazione_exports"("ente_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conservazione_exports_ente_day_idx" ON "conservazione_exports" USING btree ("ente_id","day","id");--> statement-breakpoint
CREATE UNIQUE INDEX "conservazione_receipts_ente_seq_key" ON "conservazione_receipts" USING btree ("ente_id","receipt_seq");--> statement-breakpoint
CREATE INDEX "conservazione_receipts_ente_state_seq_idx" ON "conservazione_receipts" USING btree ("ente_id","state","receipt_seq");--> statement-breakpoint
CREATE INDEX "conservazione_receipts_to_send_idx" ON "conservazione_receipts" USING btree ("ente_id","receipt_seq") WHERE "conservazione_receipts"."state" in ('pending', 'sent', 'failed');