ALTER TABLE "docket_entries" ADD COLUMN "source_sha256" text;--> statement-breakpoint
ALTER TABLE "docket_entries" ADD COLUMN "page_count" integer;--> statement-breakpoint
CREATE INDEX "docket_entries_source_sha256" ON "docket_entries" USING btree ("source_sha256");--> statement-breakpoint
CREATE INDEX "docket_entries_case_filed" ON "docket_entries" USING btree ("case_number","filed_at");--> statement-breakpoint
CREATE INDEX "documents_sha256" ON "documents" USING btree ("sha256");