CREATE TABLE "partner_connections" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"protocol" "partner_protocol" NOT NULL,
	"settings" jsonb NOT NULL,
	"secrets_ciphertext" "bytea",
	"inbound_auth" varchar(10),
	"inbound_principal" varchar(64),
	"inbound_secret_sha256" char(64),
	"last_test_at" timestamp with time zone,
	"last_test_result" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "partner_connections_protocol" CHECK ("partner_connections"."protocol" <> 'sandbox'),
	CONSTRAINT "partner_connections_inbound_auth" CHECK ("partner_connections"."inbound_auth" in ('basic', 'api_key'))
);
--> statement-breakpoint
CREATE TABLE "reporting_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"flow_id" varchar(35) NOT NULL,
	"psp_id" varchar(35) NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"flow_date" timestamp with time zone NOT NULL,
	"regulation" varchar(35) NOT NULL,
	"regulation_date" date NOT NULL,
	"bic_code_pouring_bank" varchar(35),
	"psp_name" varchar(140),
	"tot_payments" integer NOT NULL,
	"sum_cents" bigint NOT NULL,
	"source" varchar(10) NOT NULL,
	"superseded_at" timestamp with time zone,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_flows_source" CHECK ("reporting_flows"."source" in ('govpay', 'fdr'))
);
--> statement-breakpoint
CREATE TABLE "reporting_payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reporting_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"flow_row_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"payment_index" integer NOT NULL,
	"iuv" varchar(35) NOT NULL,
	"iur" varchar(35) NOT NULL,
	"id_transfer" smallint DEFAULT 1 NOT NULL,
	"amount_cents" bigint NOT NULL,
	"outcome" varchar(20) NOT NULL,
	"pay_date" date NOT NULL,
	"position_id" uuid,
	"receipt_row_id" uuid,
	"matched_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "anomalies" ALTER COLUMN "receipt_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "partner_inbox" ALTER COLUMN "receipt_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "receipt_id" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "psp_fiscal_code" SET DATA TYPE varchar(70);--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "postal_account_number" varchar(12);--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "postal_account_holder" varchar(50);--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "postal_authorization" varchar(60);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "transfers" jsonb;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "debtor_address" varchar(140);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "plan_id" uuid;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "installment" smallint;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "origin" varchar(10) DEFAULT 'portal' NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "partner_invalidated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "psp_vat_number" varchar(20);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "payment_note" varchar(210);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "stand_in" boolean;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "original_document" "bytea";--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "original_format" varchar(10);--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "original_sha256" char(64);--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "transfer_split" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "partner_service_code" varchar(35);--> statement-breakpoint
ALTER TABLE "partner_connections" ADD CONSTRAINT "partner_connections_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_connections" ADD CONSTRAINT "partner_connections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_flows" ADD CONSTRAINT "reporting_flows_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_payments" ADD CONSTRAINT "reporting_payments_flow_row_id_reporting_flows_id_fk" FOREIGN KEY ("flow_row_id") REFERENCES "public"."reporting_flows"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_payments" ADD CONSTRAINT "reporting_payments_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_payments" ADD CONSTRAINT "reporting_payments_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_payments" ADD CONSTRAINT "reporting_payments_receipt_row_id_receipts_id_fk" FOREIGN KEY ("receipt_row_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_flows_ente_flow_key" ON "reporting_flows" USING btree ("ente_id","flow_id","psp_id","revision");--> statement-breakpoint
CREATE INDEX "reporting_flows_ente_date_idx" ON "reporting_flows" USING btree ("ente_id","flow_date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_payments_flow_index_key" ON "reporting_payments" USING btree ("flow_row_id","payment_index");--> statement-breakpoint
CREATE INDEX "reporting_payments_ente_iuv_idx" ON "reporting_payments" USING btree ("ente_id","iuv");--> statement-breakpoint
CREATE INDEX "reporting_payments_ente_unmatched_idx" ON "reporting_payments" USING btree ("ente_id","id") WHERE "reporting_payments"."position_id" is null;--> statement-breakpoint
CREATE INDEX "reporting_payments_position_idx" ON "reporting_payments" USING btree ("position_id");--> statement-breakpoint
CREATE INDEX "positions_plan_idx" ON "positions" USING btree ("plan_id","installment") WHERE "positions"."plan_id" is not null;--> statement-breakpoint
CREATE INDEX "positions_valid_spontaneous_idx" ON "positions" USING btree ("created_at") WHERE "positions"."status" = 'valid' and "positions"."due_date" is null and "positions"."origin" = 'portal';--> statement-breakpoint
CREATE INDEX "positions_ente_paid_unreported_idx" ON "positions" USING btree ("ente_id","paid_at") WHERE "positions"."paid_at" is not null and "positions"."reported_at" is null;--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_postal_account_format" CHECK ("enti"."postal_account_number" ~ '^[0-9]{1,12}$');--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_origin" CHECK ("positions"."origin" in ('portal', 'partner'));--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_installment_range" CHECK ("positions"."installment" between 0 and 100);--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_original_format" CHECK ("receipts"."original_format" in ('xml', 'json'));