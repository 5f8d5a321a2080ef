ALTER TABLE "positions" ADD COLUMN "service_title" varchar(120);--> statement-breakpoint
-- Positions issued before this migration take the title their service has now (the best record there is).
UPDATE "positions" AS p SET "service_title" = s."title" FROM "services" AS s WHERE s."id" = p."service_id";
