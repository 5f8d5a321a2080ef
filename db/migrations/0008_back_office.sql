CREATE TYPE "public"."import_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"label" varchar(100) NOT NULL,
	"key_hash" varchar(64) NOT NULL,
	"prefix" varchar(12) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rejects" (
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"column" varchar(40),
	"value" varchar(200),
	"reason" varchar(300) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "position_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"created_by" uuid,
	"filename" varchar(200) NOT NULL,
	"file" "bytea" NOT NULL,
	"status" "import_status" DEFAULT 'queued' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"loaded" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"avvisi_status" "import_status",
	"avvisi_done" integer DEFAULT 0 NOT NULL,
	"avvisi_zip" "bytea"
);
--> statement-breakpoint
ALTER TABLE "anomalies" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "logo_data" "bytea";--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "logo_mime" varchar(20);--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "sector" varchar(50);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "external_id" varchar(64);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "cancel_reason" varchar(300);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejects" ADD CONSTRAINT "import_rejects_import_id_position_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."position_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_imports" ADD CONSTRAINT "position_imports_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "position_imports" ADD CONSTRAINT "position_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_ente_idx" ON "api_keys" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "import_rejects_import_row_idx" ON "import_rejects" USING btree ("import_id","row_number");--> statement-breakpoint
CREATE INDEX "position_imports_ente_created_idx" ON "position_imports" USING btree ("ente_id","created_at");--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_import_id_position_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."position_imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "positions_ente_external_key" ON "positions" USING btree ("ente_id","external_id") WHERE "positions"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "positions_ente_status_created_idx" ON "positions" USING btree ("ente_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "positions_ente_service_created_idx" ON "positions" USING btree ("ente_id","service_id","created_at","id");--> statement-breakpoint
CREATE INDEX "positions_ente_due_idx" ON "positions" USING btree ("ente_id","due_date","id");--> statement-breakpoint
CREATE INDEX "positions_causale_search_idx" ON "positions" USING gin (to_tsvector('simple', "causale"));--> statement-breakpoint
CREATE INDEX "positions_import_idx" ON "positions" USING btree ("import_id");