CREATE TABLE "payment_batches" (
	"sequence" integer PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"record_count" integer NOT NULL,
	"total_cents" bigint NOT NULL,
	"content" text NOT NULL,
	"upload_attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	CONSTRAINT "payment_batches_file_name_unique" UNIQUE("file_name")
);
--> statement-breakpoint
CREATE TABLE "payment_orders" (
	"reference" text PRIMARY KEY NOT NULL,
	"submitted_reference" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"requester" text NOT NULL,
	"beneficiary_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"communication" text NOT NULL,
	"status" text NOT NULL,
	"batch_sequence" integer,
	"reason_code" text,
	"reason" text,
	"execution_date" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_orders_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "received_files" (
	"file_name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"sequence" integer NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"content_sha256" text NOT NULL,
	"content" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payment_orders_pending_idx" ON "payment_orders" USING btree ("created_at") WHERE "payment_orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payment_orders_batch_idx" ON "payment_orders" USING btree ("batch_sequence");