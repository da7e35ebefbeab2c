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
CREATE TABLE "coordinators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"nis_code" text NOT NULL,
	"seat" integer,
	"active" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "coordinators_seat" CHECK (("coordinators"."active" AND "coordinators"."seat" BETWEEN 1 AND 2) OR (NOT "coordinators"."active" AND "coordinators"."seat" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "offer_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason_enc" text
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"capacity" integer NOT NULL,
	"available_from" date NOT NULL,
	"available_until" date,
	"accessible" boolean NOT NULL,
	"postcode" text NOT NULL,
	"nis_code" text NOT NULL,
	"street_enc" text NOT NULL,
	"house_number_enc" text NOT NULL,
	"box_enc" text,
	"offerer_name_enc" text NOT NULL,
	"offerer_email_enc" text,
	"offerer_phone_enc" text,
	"remarks_enc" text,
	"duplicate_index" text NOT NULL,
	"possible_duplicate_of" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_capacity_positive" CHECK ("offers"."capacity" >= 1)
);
--> statement-breakpoint
CREATE TABLE "placement_requests" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"requester" text NOT NULL,
	"household_size" integer NOT NULL,
	"members" jsonb NOT NULL,
	"preferred_nis_codes" text[] NOT NULL,
	"needs_accessibility" boolean NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"persons" integer NOT NULL,
	"from" date NOT NULL,
	"to" date,
	"end_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placements_period" CHECK ("placements"."to" IS NULL OR "placements"."to" >= "placements"."from")
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" uuid PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"nis_code" text NOT NULL,
	"type" text NOT NULL,
	"capacity" integer NOT NULL,
	"occupants" integer DEFAULT 0 NOT NULL,
	"accessible" boolean NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_occupants_within_capacity" CHECK ("places"."occupants" >= 0 AND "places"."occupants" <= "places"."capacity")
);
--> statement-breakpoint
CREATE TABLE "stays" (
	"id" uuid PRIMARY KEY NOT NULL,
	"placement_id" uuid NOT NULL,
	"dossier_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_known" boolean NOT NULL,
	"age_band" text,
	"place_id" uuid NOT NULL,
	"place_type" text NOT NULL,
	"nis_code" text NOT NULL,
	"from" date NOT NULL,
	"to" date,
	"revision" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "stays_period" CHECK ("stays"."to" IS NULL OR "stays"."to" >= "stays"."from")
);
--> statement-breakpoint
ALTER TABLE "offer_history" ADD CONSTRAINT "offer_history_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stays" ADD CONSTRAINT "stays_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stays" ADD CONSTRAINT "stays_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coordinators_active_seat" ON "coordinators" USING btree ("nis_code","seat") WHERE active;--> statement-breakpoint
CREATE UNIQUE INDEX "coordinators_active_subject" ON "coordinators" USING btree ("subject") WHERE active;--> statement-breakpoint
CREATE INDEX "offer_history_offer" ON "offer_history" USING btree ("offer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_reference" ON "offers" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_idempotency_key" ON "offers" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "offers_nis_status" ON "offers" USING btree ("nis_code","status");--> statement-breakpoint
CREATE INDEX "offers_duplicate_index" ON "offers" USING btree ("duplicate_index");--> statement-breakpoint
CREATE UNIQUE INDEX "placements_one_active_per_dossier" ON "placements" USING btree ("dossier_id") WHERE "to" IS NULL;--> statement-breakpoint
CREATE INDEX "placements_place" ON "placements" USING btree ("place_id");--> statement-breakpoint
CREATE UNIQUE INDEX "places_offer" ON "places" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "places_open" ON "places" USING btree ("nis_code") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "stays_nis_period" ON "stays" USING btree ("nis_code","from");--> statement-breakpoint
CREATE INDEX "stays_person" ON "stays" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "stays_placement" ON "stays" USING btree ("placement_id");