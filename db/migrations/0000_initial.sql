CREATE TYPE "public"."adhesion_status" AS ENUM('richiesta', 'in_attivazione', 'attivo', 'sospeso', 'cessato');--> statement-breakpoint
CREATE TYPE "public"."ente_kind" AS ENUM('comune', 'unione', 'comunita_montana', 'altro');--> statement-breakpoint
CREATE TYPE "public"."ente_role" AS ENUM('ente_admin', 'ente_operator', 'ente_viewer');--> statement-breakpoint
CREATE TYPE "public"."partner_code" AS ENUM('sandbox', 'nordcom_tim', 'unimatica', 'maggioli', 'dedagroup');--> statement-breakpoint
CREATE TYPE "public"."platform_role" AS ENUM('cit_admin', 'cit_operator');--> statement-breakpoint
CREATE TYPE "public"."position_status" AS ENUM('valid', 'paid', 'expired', 'cancelled');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ente_id" uuid,
	"actor_user_id" uuid,
	"action" varchar(80) NOT NULL,
	"target_type" varchar(40),
	"target_id" varchar(64),
	"details" jsonb,
	"ip" varchar(45),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enti" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" varchar(63) NOT NULL,
	"name" varchar(200) NOT NULL,
	"kind" "ente_kind" NOT NULL,
	"fiscal_code" char(11) NOT NULL,
	"ipa_code" varchar(16) NOT NULL,
	"population_2013" integer,
	"parent_id" uuid,
	"adhesion_status" "adhesion_status" DEFAULT 'richiesta' NOT NULL,
	"activated_at" timestamp with time zone,
	"partner" "partner_code",
	"segregation_code" char(2),
	"cbill" varchar(5),
	"iban" varchar(34),
	"logo_url" text,
	"primary_color" varchar(7),
	"address" varchar(200),
	"email" varchar(254),
	"pec" varchar(254),
	"phone" varchar(30),
	"website" varchar(254),
	"office_hours" varchar(200),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enti_slug_format" CHECK ("enti"."slug" ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' and "enti"."slug" not like 'xn--%'),
	CONSTRAINT "enti_fiscal_code_format" CHECK ("enti"."fiscal_code" ~ '^[0-9]{11}$'),
	CONSTRAINT "enti_segregation_code_format" CHECK ("enti"."segregation_code" ~ '^[0-9]{2}$'),
	CONSTRAINT "enti_cbill_format" CHECK ("enti"."cbill" ~ '^[A-Z0-9]{5}$'),
	CONSTRAINT "enti_primary_color_format" CHECK ("enti"."primary_color" ~ '^#[0-9a-fA-F]{6}$'),
	CONSTRAINT "enti_population_positive" CHECK ("enti"."population_2013" >= 0)
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"role" "ente_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_id_ente_id_pk" PRIMARY KEY("user_id","ente_id")
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"service_id" uuid,
	"creditor_fiscal_code" char(11) NOT NULL,
	"notice_number" char(18) NOT NULL,
	"iuv" varchar(35) NOT NULL,
	"debtor_type" char(1),
	"debtor_fiscal_code" varchar(16),
	"debtor_name" varchar(140),
	"debtor_email" varchar(254),
	"causale" varchar(140) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"due_date" date,
	"status" "position_status" DEFAULT 'valid' NOT NULL,
	"form_data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "positions_amount_positive" CHECK ("positions"."amount_cents" > 0),
	CONSTRAINT "positions_notice_format" CHECK ("positions"."notice_number" ~ '^[0-9]{18}$'),
	CONSTRAINT "positions_debtor_type" CHECK ("positions"."debtor_type" in ('F', 'G'))
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"position_id" uuid NOT NULL,
	"receipt_id" varchar(35) NOT NULL,
	"notice_number" char(18) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"payment_date_time" timestamp with time zone NOT NULL,
	"psp_name" varchar(70),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"code" varchar(35) NOT NULL,
	"title" varchar(120) NOT NULL,
	"summary" varchar(300) NOT NULL,
	"description" text NOT NULL,
	"category" varchar(60) NOT NULL,
	"taxonomy_code" varchar(35) NOT NULL,
	"amount_rule" jsonb NOT NULL,
	"form_definition" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"causale_template" varchar(140) NOT NULL,
	"payer_info" text,
	"iban_override" varchar(34),
	"allow_anonymous" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_code_format" CHECK ("services"."code" ~ '^[a-z0-9][a-z0-9-]{0,34}$'),
	CONSTRAINT "services_taxonomy_format" CHECK ("services"."taxonomy_code" ~ '^[0-9]/[0-9]{7}[A-Z]{2}/$')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(254) NOT NULL,
	"full_name" varchar(140) NOT NULL,
	"fiscal_code" varchar(16),
	"password_hash" text,
	"platform_role" "platform_role",
	"disabled_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_parent_id_enti_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_ente_created_idx" ON "audit_log" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enti_slug_key" ON "enti" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "enti_fiscal_code_key" ON "enti" USING btree ("fiscal_code");--> statement-breakpoint
CREATE UNIQUE INDEX "enti_ipa_code_key" ON "enti" USING btree ("ipa_code");--> statement-breakpoint
CREATE INDEX "enti_parent_id_idx" ON "enti" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "enti_adhesion_status_name_idx" ON "enti" USING btree ("adhesion_status","name");--> statement-breakpoint
CREATE INDEX "memberships_ente_id_idx" ON "memberships" USING btree ("ente_id");--> statement-breakpoint
CREATE UNIQUE INDEX "positions_creditor_notice_key" ON "positions" USING btree ("creditor_fiscal_code","notice_number");--> statement-breakpoint
CREATE INDEX "positions_ente_created_idx" ON "positions" USING btree ("ente_id","created_at","id");--> statement-breakpoint
CREATE INDEX "positions_ente_debtor_idx" ON "positions" USING btree ("ente_id","debtor_fiscal_code");--> statement-breakpoint
CREATE INDEX "positions_service_id_idx" ON "positions" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_ente_receipt_key" ON "receipts" USING btree ("ente_id","receipt_id");--> statement-breakpoint
CREATE INDEX "receipts_ente_created_idx" ON "receipts" USING btree ("ente_id","created_at","id");--> statement-breakpoint
CREATE INDEX "receipts_position_id_idx" ON "receipts" USING btree ("position_id");--> statement-breakpoint
CREATE UNIQUE INDEX "services_ente_code_key" ON "services" USING btree ("ente_id","code");--> statement-breakpoint
CREATE INDEX "services_ente_active_category_idx" ON "services" USING btree ("ente_id","active","category","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_fiscal_code_key" ON "users" USING btree ("fiscal_code");