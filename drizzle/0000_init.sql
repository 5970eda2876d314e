CREATE TABLE "cases" (
	"number" text PRIMARY KEY NOT NULL,
	"court" text NOT NULL,
	"title" text NOT NULL,
	"nature" text,
	"judge" text NOT NULL,
	"debtor" text,
	"chapter" integer,
	"prisoner_name" text,
	"prisoner_number" text,
	"facility_code" text
);
--> statement-breakpoint
CREATE TABLE "docket_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_number" text NOT NULL,
	"number" integer NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"filer" text,
	"message_pk" integer,
	"attachment_key" text
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"docket_entry_id" integer,
	"message_pk" integer,
	"part" integer DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer,
	"mailbox_id" text NOT NULL,
	"code" text NOT NULL,
	"ref" text DEFAULT '' NOT NULL,
	"detail" text,
	"case_number" text,
	"sender" text,
	"data" jsonb,
	"image" "bytea",
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" jsonb,
	"digested_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"senders" jsonb NOT NULL,
	"nef_address" text NOT NULL,
	"authenticated" boolean DEFAULT false NOT NULL,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "filers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"bar_number" text,
	"role" text NOT NULL,
	"firm" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judges" (
	"initials" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"step" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "message_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"mailbox_id" text NOT NULL,
	"source_ref" text NOT NULL,
	"folder" text NOT NULL,
	"uid_validity" text,
	"uid" bigint,
	"message_pk" integer NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"moved_to" text,
	"moved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"mailbox_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"sha256" text NOT NULL,
	"message_id" text,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"arrival_at" timestamp with time zone NOT NULL,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_address" text,
	"subject" text,
	"status" text DEFAULT 'captured' NOT NULL,
	"disposition" text,
	"codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "order_queue" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer NOT NULL,
	"judge" text NOT NULL,
	"case_number" text,
	"debtor" text,
	"category" text,
	"hearing_date" text,
	"motion_docket_number" integer,
	"filename" text,
	"document_id" integer,
	"sender" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer,
	"kind" text NOT NULL,
	"ref" text DEFAULT '' NOT NULL,
	"mailbox_id" text NOT NULL,
	"from_address" text NOT NULL,
	"to_addresses" jsonb NOT NULL,
	"recipient_key" text NOT NULL,
	"subject" text NOT NULL,
	"message_id_header" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"response" text,
	"file" text
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_number" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"email" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_pk" integer NOT NULL,
	"form" text,
	"name" text,
	"email" text,
	"bar_number" text,
	"data" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "docket_entries" ADD CONSTRAINT "docket_entries_case_number_cases_number_fk" FOREIGN KEY ("case_number") REFERENCES "public"."cases"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "docket_entries" ADD CONSTRAINT "docket_entries_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_docket_entry_id_docket_entries_id_fk" FOREIGN KEY ("docket_entry_id") REFERENCES "public"."docket_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_sources" ADD CONSTRAINT "message_sources_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_queue" ADD CONSTRAINT "order_queue_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_queue" ADD CONSTRAINT "order_queue_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_case_number_cases_number_fk" FOREIGN KEY ("case_number") REFERENCES "public"."cases"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_message_pk_messages_id_fk" FOREIGN KEY ("message_pk") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "docket_entries_case_number" ON "docket_entries" USING btree ("case_number","number");--> statement-breakpoint
CREATE UNIQUE INDEX "docket_entries_message_attachment" ON "docket_entries" USING btree ("message_pk","attachment_key");--> statement-breakpoint
CREATE INDEX "documents_entry" ON "documents" USING btree ("docket_entry_id");--> statement-breakpoint
CREATE INDEX "documents_message" ON "documents" USING btree ("message_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "exceptions_once" ON "exceptions" USING btree ("message_pk","code","ref");--> statement-breakpoint
CREATE INDEX "exceptions_status" ON "exceptions" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "filers_email" ON "filers" USING btree ("email");--> statement-breakpoint
CREATE INDEX "message_events_message" ON "message_events" USING btree ("message_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "message_sources_ref" ON "message_sources" USING btree ("mailbox_id","source_ref");--> statement-breakpoint
CREATE INDEX "message_sources_message" ON "message_sources" USING btree ("message_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_mailbox_dedupe" ON "messages" USING btree ("mailbox_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "messages_status" ON "messages" USING btree ("status");--> statement-breakpoint
CREATE INDEX "messages_message_id" ON "messages" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_queue_message" ON "order_queue" USING btree ("message_pk");--> statement-breakpoint
CREATE INDEX "order_queue_judge" ON "order_queue" USING btree ("judge","status");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_once" ON "outbox" USING btree ("message_pk","kind","ref","recipient_key");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_message_id" ON "outbox" USING btree ("message_id_header");--> statement-breakpoint
CREATE INDEX "outbox_status" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_recipient" ON "outbox" USING btree ("recipient_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "parties_case_name_role" ON "parties" USING btree ("case_number","name","role");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_message" ON "registrations" USING btree ("message_pk");