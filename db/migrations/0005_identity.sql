CREATE TYPE "public"."auth_method" AS ENUM('spid', 'cie', 'oidc', 'password');--> statement-breakpoint
CREATE SEQUENCE "public"."enti_spid_service_index_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 65535 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "auth_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"method" "auth_method" NOT NULL,
	"request_id" varchar(128) NOT NULL,
	"provider" varchar(1024) NOT NULL,
	"request_issue_instant" timestamp with time zone NOT NULL,
	"request" text NOT NULL,
	"response_id" varchar(128),
	"response_issue_instant" timestamp with time zone,
	"response_issuer" varchar(1024),
	"assertion_id" varchar(128),
	"assertion_subject" varchar(256),
	"response" text,
	"outcome" varchar(16),
	"reason" varchar(200),
	"fiscal_code" varchar(16),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "auth_log_outcome" CHECK ("auth_log"."outcome" in ('accepted', 'refused', 'idp_error'))
);
--> statement-breakpoint
CREATE TABLE "login_tickets" (
	"id_hash" varchar(64) PRIMARY KEY NOT NULL,
	"host" varchar(253) NOT NULL,
	"return_path" varchar(500) NOT NULL,
	"browser_binding_hash" varchar(64) NOT NULL,
	"identity" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "membership_services" (
	"user_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_services_user_id_ente_id_service_id_pk" PRIMARY KEY("user_id","ente_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "oidc_requests" (
	"state_hash" varchar(64) PRIMARY KEY NOT NULL,
	"nonce" varchar(128) NOT NULL,
	"code_verifier" varchar(128) NOT NULL,
	"host" varchar(253) NOT NULL,
	"return_path" varchar(500) NOT NULL,
	"browser_binding_hash" varchar(64) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "spid_service_index" integer DEFAULT nextval('enti_spid_service_index_seq') NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "services_ente_id_key" ON "services" USING btree ("ente_id","id");--> statement-breakpoint
ALTER TABLE "membership_services" ADD CONSTRAINT "membership_services_user_id_ente_id_memberships_user_id_ente_id_fk" FOREIGN KEY ("user_id","ente_id") REFERENCES "public"."memberships"("user_id","ente_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_services" ADD CONSTRAINT "membership_services_ente_id_service_id_services_ente_id_id_fk" FOREIGN KEY ("ente_id","service_id") REFERENCES "public"."services"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auth_log_method_request_key" ON "auth_log" USING btree ("method","request_id");--> statement-breakpoint
CREATE INDEX "auth_log_created_at_idx" ON "auth_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "auth_log_fiscal_code_idx" ON "auth_log" USING btree ("fiscal_code","created_at");--> statement-breakpoint
CREATE INDEX "login_tickets_expires_at_idx" ON "login_tickets" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "membership_services_service_idx" ON "membership_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "oidc_requests_expires_at_idx" ON "oidc_requests" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enti_spid_service_index_key" ON "enti" USING btree ("spid_service_index");--> statement-breakpoint
CREATE INDEX "positions_debtor_created_idx" ON "positions" USING btree ("debtor_fiscal_code","created_at");--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_spid_service_index_range" CHECK ("enti"."spid_service_index" between 1 and 65535);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_fiscal_code_format" CHECK ("users"."fiscal_code" ~ '^[A-Z0-9]{16}$');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_identified" CHECK ("users"."email" is not null or "users"."fiscal_code" is not null);