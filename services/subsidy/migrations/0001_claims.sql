CREATE TABLE "beneficiaries" (
	"nis_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_version_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"event" text NOT NULL,
	"status" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "claim_lines" (
	"claim_version_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"stay_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"place_type" text NOT NULL,
	"stay_from" text NOT NULL,
	"stay_to" text,
	"nights" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"included" boolean NOT NULL,
	"exclusion_reason" text,
	"verification" jsonb,
	"segments" jsonb NOT NULL,
	CONSTRAINT "claim_lines_claim_version_id_line_no_pk" PRIMARY KEY("claim_version_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "claim_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"content_hash" text NOT NULL,
	"included_lines" integer NOT NULL,
	"excluded_lines" integer NOT NULL,
	"persons" integer NOT NULL,
	"nights" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"calculated_at" timestamp with time zone NOT NULL,
	"calculated_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"review_reason" text
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"nis_code" text NOT NULL,
	"period" text NOT NULL,
	"latest_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"claim_version_id" uuid PRIMARY KEY NOT NULL,
	"payment_reference" text NOT NULL,
	"status" text NOT NULL,
	"beneficiary_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"amount_cents" bigint NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"file_sequence" integer,
	"paid_at" timestamp with time zone,
	"execution_date" text,
	"paid_amount_cents" bigint,
	"rejected_at" timestamp with time zone,
	"rejection_stage" text,
	"rejection_code" text,
	"rejection_reason" text
);
--> statement-breakpoint
CREATE TABLE "stays" (
	"stay_id" uuid PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL,
	"placement_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_known" boolean NOT NULL,
	"place_id" uuid NOT NULL,
	"place_type" text NOT NULL,
	"nis_code" text NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sequence" bigserial NOT NULL,
	"place_type" text NOT NULL,
	"valid_from" text NOT NULL,
	"daily_cents" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL,
	"note" text,
	CONSTRAINT "tariffs_sequence_unique" UNIQUE("sequence")
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"referte" text,
	"register_nis_code" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_history" ADD CONSTRAINT "claim_history_claim_version_id_claim_versions_id_fk" FOREIGN KEY ("claim_version_id") REFERENCES "public"."claim_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_claim_version_id_claim_versions_id_fk" FOREIGN KEY ("claim_version_id") REFERENCES "public"."claim_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_versions" ADD CONSTRAINT "claim_versions_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_claim_version_id_claim_versions_id_fk" FOREIGN KEY ("claim_version_id") REFERENCES "public"."claim_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_history_version" ON "claim_history" USING btree ("claim_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_versions_claim_version" ON "claim_versions" USING btree ("claim_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_municipality_period" ON "claims" USING btree ("nis_code","period");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_reference" ON "payments" USING btree ("payment_reference");--> statement-breakpoint
CREATE INDEX "payments_open" ON "payments" USING btree ("requested_at") WHERE status IN ('aangevraagd', 'geaccepteerd');--> statement-breakpoint
CREATE INDEX "stays_municipality" ON "stays" USING btree ("nis_code","from_date");--> statement-breakpoint
CREATE INDEX "tariffs_place_type" ON "tariffs" USING btree ("place_type","valid_from");