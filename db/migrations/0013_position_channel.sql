ALTER TABLE "services" DROP CONSTRAINT "services_taxonomy_format";--> statement-breakpoint
DROP INDEX "positions_valid_spontaneous_idx";--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "channel" varchar(10) DEFAULT 'staff' NOT NULL;--> statement-breakpoint
-- Existing rows: imports and the API are known by their columns; a portal position with neither and no
-- counter audit entry was started by a citizen from a service page.
UPDATE "positions" SET "channel" = 'import' WHERE "import_id" IS NOT NULL;--> statement-breakpoint
UPDATE "positions" SET "channel" = 'api' WHERE "import_id" IS NULL AND "external_id" IS NOT NULL;--> statement-breakpoint
UPDATE "positions" p SET "channel" = 'citizen'
  WHERE p."import_id" IS NULL AND p."external_id" IS NULL AND p."origin" = 'portal' AND p."plan_id" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "audit_log" a WHERE a."action" = 'posizione_creata_sportello'
      AND a."target_type" = 'position' AND a."target_id" = p."id"::text);--> statement-breakpoint
CREATE INDEX "receipts_ente_iuv_idx" ON "receipts" USING btree ("ente_id","creditor_reference_id");--> statement-breakpoint
CREATE INDEX "positions_valid_spontaneous_idx" ON "positions" USING btree ("created_at") WHERE "positions"."status" = 'valid' and "positions"."due_date" is null and "positions"."channel" = 'citizen';--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_channel" CHECK ("positions"."channel" in ('citizen', 'staff', 'api', 'import'));--> statement-breakpoint
-- NOT VALID: services written before keep working (the editor now refuses such codes and positions are not
-- issued for them); every new or changed row is checked.
ALTER TABLE "services" ADD CONSTRAINT "services_taxonomy_format" CHECK ("services"."taxonomy_code" ~ '^[6-9]/[0-9]{7}(IM|TS|SP|SA|AP)/$') NOT VALID;