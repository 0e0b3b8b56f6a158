CREATE SCHEMA "sync";
--> statement-breakpoint
CREATE TABLE "sync"."sync_conflicts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync"."sync_conflicts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"pk" text NOT NULL,
	"winner_hlc" text NOT NULL,
	"winner_op" text NOT NULL,
	"winner_row" jsonb,
	"loser_hlc" text NOT NULL,
	"loser_op" text NOT NULL,
	"loser_row" jsonb,
	"local_won" boolean NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "sync"."sync_outbox" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync"."sync_outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"pk" text NOT NULL,
	"hlc" text NOT NULL,
	"base_hlc" text,
	"op" text NOT NULL,
	"row" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync"."sync_row_clock" (
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"pk" text NOT NULL,
	"hlc" text NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "sync_row_clock_schema_name_table_name_pk_pk" PRIMARY KEY("schema_name","table_name","pk")
);
--> statement-breakpoint
CREATE TABLE "sync"."sync_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"device_id" text NOT NULL,
	"fingerprint" text,
	"hlc_wall_ms" bigint DEFAULT 0 NOT NULL,
	"hlc_counter" integer DEFAULT 0 NOT NULL,
	"server_id" text,
	"pull_cursor" bigint DEFAULT 0 NOT NULL,
	"last_push_at" timestamp with time zone,
	"last_pull_at" timestamp with time zone,
	"last_error" text,
	"is_paused" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ck_sync_state_singleton" CHECK ("sync"."sync_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "sync"."sync_tables" (
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"class" text NOT NULL,
	"pk_cols" text[] NOT NULL,
	"enabled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_tables_schema_name_table_name_pk" PRIMARY KEY("schema_name","table_name")
);
