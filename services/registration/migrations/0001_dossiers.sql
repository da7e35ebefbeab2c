CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"subject_ids" text[] NOT NULL,
	"route" text NOT NULL,
	"purpose" text NOT NULL,
	"request_id" text,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"event" text NOT NULL,
	"status" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"street_enc" text,
	"house_number_enc" text,
	"box_enc" text,
	"postcode" text,
	"nis_code" text,
	"consent" jsonb NOT NULL,
	"placement" jsonb,
	"created_by" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_insz_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"insz_enc" text,
	"insz_index" text,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"is_reference" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"removed_at" timestamp with time zone,
	"family_names_enc" text,
	"given_names_enc" text,
	"name_birth_index" text,
	"birth_date" text,
	"gender" text NOT NULL,
	"nationality" text,
	"insz_enc" text,
	"insz_index" text,
	"phones_enc" text,
	"emails_enc" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"needs" jsonb NOT NULL,
	"age_band_at_anonymisation" text,
	"verification" jsonb NOT NULL,
	"education" jsonb,
	"course_offers" jsonb,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"person_id" uuid,
	"kind" text NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
ALTER TABLE "dossier_history" ADD CONSTRAINT "dossier_history_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_insz_history" ADD CONSTRAINT "person_insz_history_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossier_history_dossier" ON "dossier_history" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_idempotency_key" ON "dossiers" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "dossiers_closed_at" ON "dossiers" USING btree ("closed_at") WHERE anonymised_at IS NULL;--> statement-breakpoint
CREATE INDEX "persons_dossier" ON "persons" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_insz_index" ON "persons" USING btree ("insz_index") WHERE active AND insz_index IS NOT NULL;--> statement-breakpoint
CREATE INDEX "persons_name_birth_index" ON "persons" USING btree ("name_birth_index");--> statement-breakpoint
CREATE INDEX "work_items_open" ON "work_items" USING btree ("created_at") WHERE resolved_at IS NULL;