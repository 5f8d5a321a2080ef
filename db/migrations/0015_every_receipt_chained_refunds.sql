CREATE TYPE "public"."refund_method" AS ENUM('bonifico', 'storno_psp', 'compensazione', 'altro');--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"anomaly_id" uuid NOT NULL,
	"method" "refund_method" NOT NULL,
	"reference" varchar(35) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"refunded_on" date NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount_cents" > 0)
);
--> statement-breakpoint
-- Before the refunds' foreign key on (ente_id, anomaly_id), which needs it.
CREATE UNIQUE INDEX "anomalies_ente_id_key" ON "anomalies" USING btree ("ente_id","id");--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "position_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "anomalies" ADD COLUMN "receipt_row_id" uuid;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "anomaly" "anomaly_kind";--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_ente_id_anomaly_id_anomalies_ente_id_id_fk" FOREIGN KEY ("ente_id","anomaly_id") REFERENCES "public"."anomalies"("ente_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_anomaly_key" ON "refunds" USING btree ("anomaly_id");--> statement-breakpoint
CREATE INDEX "refunds_ente_created_idx" ON "refunds" USING btree ("ente_id","created_at");--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_receipt_row_id_receipts_id_fk" FOREIGN KEY ("receipt_row_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_position_known" CHECK ("receipts"."position_id" is not null or "receipts"."anomaly" = 'unknown_notice');