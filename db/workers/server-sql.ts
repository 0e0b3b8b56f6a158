// The tables server workers share on the sync server, beside the queue library's own schema.
// Created on first use (by the first desktop that queues a job or the first worker that starts),
// idempotently and under an advisory lock so two first users do not race.

/** The PostgreSQL schema of the work tables. */
export const WORK_SCHEMA = 'edgebook_work'

/** Advisory lock key held while the work schema is created. */
export const WORK_SETUP_LOCK_KEY = 0x5ed9b0b5

/**
 * The work tables:
 * - `jobs`: one row per queued job: its kind (`grid` now; `probe` next), the parsed spec and
 *   whatever else every chunk of the job shares, and its status (`queued` or `cancelled`).
 * - `job_bars`: the job's bar columns, written once with the job (never per chunk): six
 *   little-endian float64 columns packed one after another.
 * - `chunks`: the job's chunks, each with its grid (or catalogue) indexes and the queue job that
 *   carries it; `done_at` is set in the same transaction as the chunk's results.
 * - `results`: one row per (job, run index): a chunk done twice stores nothing twice.
 */
export const workServerSql = `
CREATE SCHEMA IF NOT EXISTS ${WORK_SCHEMA};
CREATE TABLE IF NOT EXISTS ${WORK_SCHEMA}.jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  spec jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued',
  chunk_count integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${WORK_SCHEMA}.job_bars (
  job_id uuid PRIMARY KEY REFERENCES ${WORK_SCHEMA}.jobs (id) ON DELETE CASCADE,
  bar_count integer NOT NULL,
  columns bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS ${WORK_SCHEMA}.chunks (
  job_id uuid NOT NULL REFERENCES ${WORK_SCHEMA}.jobs (id) ON DELETE CASCADE,
  chunk_index integer NOT NULL,
  indexes integer[] NOT NULL,
  queue_id uuid NOT NULL,
  done_at timestamptz,
  done_by text,
  error text,
  PRIMARY KEY (job_id, chunk_index)
);
CREATE TABLE IF NOT EXISTS ${WORK_SCHEMA}.results (
  job_id uuid NOT NULL REFERENCES ${WORK_SCHEMA}.jobs (id) ON DELETE CASCADE,
  run_index integer NOT NULL,
  chunk_index integer NOT NULL,
  data jsonb NOT NULL,
  worker text NOT NULL,
  PRIMARY KEY (job_id, run_index)
);
CREATE INDEX IF NOT EXISTS results_chunk ON ${WORK_SCHEMA}.results (job_id, chunk_index);
`
