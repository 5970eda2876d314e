CREATE TABLE "email_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer NOT NULL,
	"filer_id" integer NOT NULL,
	"old_email" text NOT NULL,
	"new_email" text NOT NULL,
	"old_code_hash" text NOT NULL,
	"new_code_hash" text NOT NULL,
	"old_confirmed_at" timestamp with time zone,
	"new_confirmed_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "filer_id" integer;--> statement-breakpoint
ALTER TABLE "email_changes" ADD CONSTRAINT "email_changes_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_changes" ADD CONSTRAINT "email_changes_filer_id_filers_id_fk" FOREIGN KEY ("filer_id") REFERENCES "public"."filers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_changes_message" ON "email_changes" USING btree ("message_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "email_changes_old_code" ON "email_changes" USING btree ("old_code_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "email_changes_new_code" ON "email_changes" USING btree ("new_code_hash");--> statement-breakpoint
CREATE INDEX "email_changes_filer" ON "email_changes" USING btree ("filer_id","status");--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_filer_id_filers_id_fk" FOREIGN KEY ("filer_id") REFERENCES "public"."filers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registrations_status" ON "registrations" USING btree ("status","created_at");