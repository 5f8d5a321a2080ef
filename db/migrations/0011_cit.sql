CREATE TYPE "public"."adhesion_document_kind" AS ENUM('modulo_adesione', 'documento_identita', 'lettera_adesione', 'lettera_sostituzione', 'piano_attivazione', 'piano_servizi', 'iban_accredito', 'disdetta');--> statement-breakpoint
CREATE TYPE "public"."adhesion_document_status" AS ENUM('caricato', 'inviato_agid', 'accettato', 'respinto');--> statement-breakpoint
CREATE TYPE "public"."billing_method" AS ENUM('pro_rata', 'whole_year');--> statement-breakpoint
CREATE TYPE "public"."document_signature" AS ENUM('cades', 'pades', 'autografa', 'nessuna');--> statement-breakpoint
CREATE TYPE "public"."partner_protocol" AS ENUM('sandbox', 'govpay', 'gpd_checkout');--> statement-breakpoint
CREATE TYPE "public"."question_status" AS ENUM('nuova', 'risposta', 'archiviata');--> statement-breakpoint
CREATE TYPE "public"."support_category" AS ENUM('pagamenti', 'posizioni', 'importazioni', 'catalogo', 'accesso', 'partner', 'adesione', 'altro');--> statement-breakpoint
CREATE TYPE "public"."support_status" AS ENUM('aperta', 'in_lavorazione', 'in_attesa_ente', 'chiusa');--> statement-breakpoint
CREATE TABLE "adhesion_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"kind" "adhesion_document_kind" NOT NULL,
	"status" "adhesion_document_status" DEFAULT 'caricato' NOT NULL,
	"filename" varchar(200) NOT NULL,
	"mime" varchar(100) NOT NULL,
	"size" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"data" "bytea" NOT NULL,
	"signature" "document_signature" DEFAULT 'nessuna' NOT NULL,
	"signer_name" varchar(200),
	"signer_valid_from" timestamp with time zone,
	"signer_valid_to" timestamp with time zone,
	"note" varchar(500),
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adhesion_documents_size" CHECK ("adhesion_documents"."size" between 1 and 15728640)
);
--> statement-breakpoint
CREATE TABLE "adhesion_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "adhesion_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ente_id" uuid NOT NULL,
	"from_status" "adhesion_status",
	"to_status" "adhesion_status" NOT NULL,
	"reason" varchar(500),
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "adhesions" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"convention_act_number" varchar(40),
	"convention_act_date" date,
	"referente_name" varchar(140),
	"referente_email" varchar(254),
	"referente_phone" varchar(30),
	"referente_fiscal_code" varchar(16),
	"referente_user_id" uuid,
	"referente_appointed_at" timestamp with time zone,
	"partner_chosen_at" timestamp with time zone,
	"training_completed_at" timestamp with time zone,
	"training_session_id" uuid,
	"termination_requested_at" timestamp with time zone,
	"termination_reason" varchar(500),
	"termination_requested_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_statements" (
	"year" smallint NOT NULL,
	"ente_id" uuid NOT NULL,
	"activation_cents" bigint NOT NULL,
	"maintenance_cents" bigint NOT NULL,
	"total_cents" bigint NOT NULL,
	"details" jsonb NOT NULL,
	CONSTRAINT "billing_statements_year_ente_id_pk" PRIMARY KEY("year","ente_id")
);
--> statement-breakpoint
CREATE TABLE "billing_years" (
	"year" smallint PRIMARY KEY NOT NULL,
	"method" "billing_method" NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "partner_call_stats" (
	"partner" "partner_code" NOT NULL,
	"operation" varchar(40) NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"ok" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" varchar(300),
	CONSTRAINT "partner_call_stats_partner_operation_minute_pk" PRIMARY KEY("partner","operation","minute")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"code" "partner_code" PRIMARY KEY NOT NULL,
	"name" varchar(120) NOT NULL,
	"protocol" "partner_protocol",
	"compatible" boolean DEFAULT true NOT NULL,
	"website" varchar(254),
	"contact_name" varchar(140),
	"contact_email" varchar(254),
	"contact_phone" varchar(30),
	"technical_name" varchar(140),
	"technical_email" varchar(254),
	"technical_phone" varchar(30),
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(140) NOT NULL,
	"email" varchar(254) NOT NULL,
	"ente_name" varchar(200),
	"ente_id" uuid,
	"question" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_version" varchar(20) NOT NULL,
	"status" "question_status" DEFAULT 'nuova' NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_questions_question_length" CHECK (length("public_questions"."question") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "support_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"filename" varchar(200) NOT NULL,
	"mime" varchar(100) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_attachments_size" CHECK ("support_attachments"."size" between 1 and 5242880)
);
--> statement-breakpoint
CREATE TABLE "support_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_user_id" uuid,
	"from_cit" boolean NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_messages_body_length" CHECK (length("support_messages"."body") between 1 and 10000)
);
--> statement-breakpoint
CREATE TABLE "support_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "support_requests_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ente_id" uuid NOT NULL,
	"opened_by" uuid,
	"category" "support_category" NOT NULL,
	"subject" varchar(200) NOT NULL,
	"status" "support_status" DEFAULT 'aperta' NOT NULL,
	"assigned_to" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_registrations" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attended_at" timestamp with time zone,
	"recorded_by" uuid,
	CONSTRAINT "training_registrations_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(200) NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"place" varchar(200),
	"link" varchar(500),
	"seats" integer NOT NULL,
	"notes" text,
	"created_by" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_seats" CHECK ("training_sessions"."seats" between 1 and 1000),
	CONSTRAINT "training_sessions_duration" CHECK ("training_sessions"."duration_minutes" between 15 and 1440)
);
--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "shared_referente" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "adhesion_documents" ADD CONSTRAINT "adhesion_documents_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesion_documents" ADD CONSTRAINT "adhesion_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesion_events" ADD CONSTRAINT "adhesion_events_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesion_events" ADD CONSTRAINT "adhesion_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesions" ADD CONSTRAINT "adhesions_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesions" ADD CONSTRAINT "adhesions_referente_user_id_users_id_fk" FOREIGN KEY ("referente_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesions" ADD CONSTRAINT "adhesions_training_session_id_training_sessions_id_fk" FOREIGN KEY ("training_session_id") REFERENCES "public"."training_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adhesions" ADD CONSTRAINT "adhesions_termination_requested_by_users_id_fk" FOREIGN KEY ("termination_requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_statements" ADD CONSTRAINT "billing_statements_year_billing_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."billing_years"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_statements" ADD CONSTRAINT "billing_statements_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_years" ADD CONSTRAINT "billing_years_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_questions" ADD CONSTRAINT "public_questions_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_questions" ADD CONSTRAINT "public_questions_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_request_id_support_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."support_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_message_id_support_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_request_id_support_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."support_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD CONSTRAINT "training_registrations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adhesion_documents_ente_kind_idx" ON "adhesion_documents" USING btree ("ente_id","kind","created_at");--> statement-breakpoint
CREATE INDEX "adhesion_events_ente_created_idx" ON "adhesion_events" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "billing_statements_ente_idx" ON "billing_statements" USING btree ("ente_id");--> statement-breakpoint
CREATE INDEX "partner_call_stats_minute_idx" ON "partner_call_stats" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "public_questions_status_created_idx" ON "public_questions" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "support_attachments_request_idx" ON "support_attachments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "support_messages_request_created_idx" ON "support_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "support_requests_number_key" ON "support_requests" USING btree ("number");--> statement-breakpoint
CREATE INDEX "support_requests_status_updated_idx" ON "support_requests" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "support_requests_ente_created_idx" ON "support_requests" USING btree ("ente_id","created_at","id");--> statement-breakpoint
CREATE INDEX "support_requests_assigned_idx" ON "support_requests" USING btree ("assigned_to","status");--> statement-breakpoint
CREATE INDEX "training_registrations_ente_idx" ON "training_registrations" USING btree ("ente_id");--> statement-breakpoint
CREATE INDEX "training_sessions_starts_idx" ON "training_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_created_idx" ON "audit_log" USING btree ("actor_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_created_idx" ON "audit_log" USING btree ("action","created_at","id");--> statement-breakpoint
-- The compatible partners named on the CIT's service page, and the built-in sandbox (contacts are the CIT's to fill in).
INSERT INTO "partners" ("code", "name", "protocol", "compatible", "notes") VALUES
  ('sandbox', 'Partner di prova (sandbox)', 'sandbox', true, 'Simulatore integrato per dimostrazioni e test: non incassa denaro reale.'),
  ('nordcom_tim', 'NordCom - TIM', NULL, true, NULL),
  ('unimatica', 'Unimatica S.p.A.', NULL, true, NULL),
  ('maggioli', 'Maggioli S.p.A.', NULL, true, NULL),
  ('dedagroup', 'Dedagroup S.p.A.', NULL, true, NULL)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Every Ente already registered gets its adhesion file and the state it is in as its first event.
INSERT INTO "adhesions" ("ente_id") SELECT "id" FROM "enti" ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "adhesion_events" ("ente_id", "from_status", "to_status", "reason", "created_at")
  SELECT "id", NULL, "adhesion_status", 'Stato alla messa in servizio del registro delle adesioni', coalesce("activated_at", "created_at") FROM "enti";
