CREATE TYPE "public"."api_scope" AS ENUM('positions', 'receipts', 'preservation');--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" "api_scope"[] DEFAULT '{positions,receipts}' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes" CHECK (cardinality("api_keys"."scopes") > 0);