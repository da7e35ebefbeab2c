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
