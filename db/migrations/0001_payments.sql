CREATE TYPE "public"."anomaly_kind" AS ENUM('unknown_notice', 'amount_mismatch', 'not_payable');--> statement-breakpoint
CREATE TYPE "public"."cart_status" AS ENUM('open', 'started', 'paid', 'cancelled', 'failed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."inbox_outcome" AS ENUM('receipt_created', 'duplicate', 'anomaly', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('pending', 'registered');--> statement-breakpoint
CREATE TABLE "anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"inbox_id" bigint,
	"kind" "anomaly_kind" NOT NULL,
	"notice_number" varchar(18),
	"receipt_id" varchar(35),
	"amount_cents" bigint,
	"expected_amount_cents" bigint,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "cart_items" (
	"cart_id" uuid NOT NULL,
	"position_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_items_cart_id_position_id_pk" PRIMARY KEY("cart_id","position_id")
);
--> statement-breakpoint
CREATE TABLE "carts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"status" "cart_status" DEFAULT 'open' NOT NULL,
	"partner" "partner_code" NOT NULL,
	"partner_session_id" varchar(64),
	"checkout_url" text,
	"payer_email" varchar(254),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "iuv_sequences" (
	"ente_id" uuid NOT NULL,
	"segregation_code" char(2) NOT NULL,
	"year" integer NOT NULL,
	"last_value" bigint NOT NULL,
	CONSTRAINT "iuv_sequences_ente_id_segregation_code_year_pk" PRIMARY KEY("ente_id","segregation_code","year")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"queue" varchar(60) NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 20 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"singleton_key" varchar(120),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partner_credentials" (
	"ente_id" uuid NOT NULL,
	"partner" "partner_code" NOT NULL,
	"callback_secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_credentials_ente_id_partner_pk" PRIMARY KEY("ente_id","partner")
);
--> statement-breakpoint
CREATE TABLE "partner_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"partner" "partner_code" NOT NULL,
	"ente_id" uuid,
	"raw_body" text NOT NULL,
	"signature" text,
	"verified" boolean DEFAULT false NOT NULL,
	"verification_error" varchar(200),
	"outcome" "inbox_outcome",
	"receipt_id" varchar(35),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "receipt_chain_heads" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_checkouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_fiscal_code" char(11) NOT NULL,
	"notices" jsonb NOT NULL,
	"return_ok_url" text NOT NULL,
	"return_cancel_url" text NOT NULL,
	"return_error_url" text NOT NULL,
	"email" varchar(254),
	"status" varchar(12) DEFAULT 'pending' NOT NULL,
	"faults" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_notices" (
	"creditor_fiscal_code" char(11) NOT NULL,
	"notice_number" char(18) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"description" varchar(140) NOT NULL,
	"company_name" varchar(140) NOT NULL,
	"debtor" jsonb,
	"iban" varchar(34) NOT NULL,
	"taxonomy_code" varchar(35) NOT NULL,
	"receipt" jsonb,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_notices_creditor_fiscal_code_notice_number_pk" PRIMARY KEY("creditor_fiscal_code","notice_number")
);
--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "psp_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "taxonomy_code" varchar(35);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "iban" varchar(34);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "registration_status" "registration_status" DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "registration_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "registration_error" text;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "registered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "creditor_fiscal_code" char(11) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "outcome" varchar(2) DEFAULT 'OK' NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "creditor_reference_id" varchar(35) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "description" varchar(140) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "company_name" varchar(140) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "office_name" varchar(140);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "debtor" jsonb;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "payer" jsonb;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "transfers" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "id_psp" varchar(35) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "psp_fiscal_code" varchar(16);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "id_channel" varchar(35) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "channel_description" varchar(140);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "payment_method" varchar(35);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "fee_cents" bigint;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "application_date" date;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "transfer_date" date;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "partner" "partner_code" NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "seq" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "prev_hash" char(64) NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "hash" char(64) NOT NULL;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_inbox_id_partner_inbox_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."partner_inbox"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iuv_sequences" ADD CONSTRAINT "iuv_sequences_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_credentials" ADD CONSTRAINT "partner_credentials_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_inbox" ADD CONSTRAINT "partner_inbox_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_chain_heads" ADD CONSTRAINT "receipt_chain_heads_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "anomalies_ente_created_idx" ON "anomalies" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_ente_receipt_kind_key" ON "anomalies" USING btree ("ente_id","receipt_id","kind");--> statement-breakpoint
CREATE INDEX "cart_items_position_idx" ON "cart_items" USING btree ("position_id");--> statement-breakpoint
CREATE INDEX "carts_ente_created_idx" ON "carts" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "carts_started_idx" ON "carts" USING btree ("status","started_at");--> statement-breakpoint
CREATE INDEX "jobs_ready_idx" ON "jobs" USING btree ("queue","run_at") WHERE "jobs"."done_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_singleton_key" ON "jobs" USING btree ("queue","singleton_key") WHERE "jobs"."done_at" is null;--> statement-breakpoint
CREATE INDEX "partner_inbox_ente_received_idx" ON "partner_inbox" USING btree ("ente_id","received_at");--> statement-breakpoint
CREATE INDEX "partner_inbox_unprocessed_idx" ON "partner_inbox" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "positions_ente_notice_key" ON "positions" USING btree ("ente_id","notice_number");--> statement-breakpoint
CREATE INDEX "positions_registration_pending_idx" ON "positions" USING btree ("registration_status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_ente_seq_key" ON "receipts" USING btree ("ente_id","seq");--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_amount_positive" CHECK ("receipts"."amount_cents" > 0);