CREATE TABLE "mail_service" (
	"id" serial PRIMARY KEY NOT NULL,
	"docket_entry_id" integer NOT NULL,
	"case_number" text NOT NULL,
	"party_name" text NOT NULL,
	"address" text,
	"packet" "bytea" NOT NULL,
	"pages" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"mailed_at" timestamp with time zone,
	"mailed_by" text
);
--> statement-breakpoint
ALTER TABLE "mail_service" ADD CONSTRAINT "mail_service_docket_entry_id_docket_entries_id_fk" FOREIGN KEY ("docket_entry_id") REFERENCES "public"."docket_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_service_once" ON "mail_service" USING btree ("docket_entry_id","party_name");--> statement-breakpoint
CREATE INDEX "mail_service_status" ON "mail_service" USING btree ("status");