CREATE TABLE "password_reset_tokens" (
	"id_hash" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_profile" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" varchar(200) NOT NULL,
	"short_name" varchar(60) NOT NULL,
	"fiscal_code" char(11) NOT NULL,
	"ipa_code" varchar(16) NOT NULL,
	"service_centre_name" varchar(200) NOT NULL,
	"service_centre_short_name" varchar(20) NOT NULL,
	"coat_of_arms_url" text,
	"primary_color" varchar(7) DEFAULT '#0066cc' NOT NULL,
	"address" varchar(200),
	"email" varchar(254),
	"pec" varchar(254),
	"phone" varchar(30),
	"office_hours" varchar(200),
	"website" varchar(254),
	"privacy_url" varchar(500),
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "provider_profile_singleton" CHECK ("provider_profile"."id" = 1),
	CONSTRAINT "provider_profile_fiscal_code_format" CHECK ("provider_profile"."fiscal_code" ~ '^[0-9]{11}$'),
	CONSTRAINT "provider_profile_primary_color_format" CHECK ("provider_profile"."primary_color" ~ '^#[0-9a-fA-F]{6}$')
);
--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_profile" ADD CONSTRAINT "provider_profile_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_expires_at_idx" ON "password_reset_tokens" USING btree ("expires_at");