CREATE TABLE "saml_requests" (
	"id" varchar(80) PRIMARY KEY NOT NULL,
	"idp_entity_id" varchar(500) NOT NULL,
	"level" smallint NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ente_host" varchar(253) NOT NULL,
	"return_path" varchar(500) NOT NULL,
	"browser_binding_hash" varchar(64) NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "saml_requests_level_check" CHECK ("saml_requests"."level" between 1 and 3),
	CONSTRAINT "saml_requests_expiry_check" CHECK ("saml_requests"."expires_at" > "saml_requests"."issued_at")
);
--> statement-breakpoint
CREATE INDEX "saml_requests_expires_at_idx" ON "saml_requests" USING btree ("expires_at");