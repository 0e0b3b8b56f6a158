// SQL that only the shared server runs, on top of the migrations every database runs. Plain
// strings so the CLI can print them and tests can apply them to a throwaway server.

/** SQLSTATE raised by `sync_push` when the client's schema differs from the server's. */
export const SCHEMA_MISMATCH_SQLSTATE = 'EB001'

/** The advisory lock key every push takes: server sequence order equals commit order. */
export const PUSH_LOCK_KEY = 0x5ed9b00c

/**
 * Creates the server's log, devices and meta, and the functions clients call. Idempotent: safe
 * to run again after a migration (`schema_version` is refreshed from the argument).
 */
export function serverSetupSql(schemaVersion: string): string {
  const version = schemaVersion.replace(/'/g, "''")
  return `
CREATE TABLE IF NOT EXISTS sync.sync_meta (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  schema_version text NOT NULL,
  server_id text NOT NULL DEFAULT gen_random_uuid()::text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sync.sync_meta (id, schema_version) VALUES (1, '${version}')
ON CONFLICT (id) DO UPDATE SET schema_version = excluded.schema_version, updated_at = now();

CREATE TABLE IF NOT EXISTS sync.sync_devices (
  device_id text PRIMARY KEY,
  acked_seq bigint NOT NULL DEFAULT 0,
  role_name name NOT NULL DEFAULT session_user,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sync.sync_changes (
  seq bigserial PRIMARY KEY,
  device text NOT NULL,
  device_seq bigint NOT NULL,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  pk text NOT NULL,
  hlc text NOT NULL,
  base_hlc text,
  op text NOT NULL CHECK (op IN ('put', 'del')),
  row jsonb NOT NULL,
  account text,
  committed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device, device_seq)
);

-- Which accounts a login role may read from the log (row-level security below).
CREATE TABLE IF NOT EXISTS sync.sync_account_grants (
  role_name name NOT NULL,
  account text NOT NULL,
  PRIMARY KEY (role_name, account)
);

-- Whether the current login role may read changes of an account. A definer function so the
-- client role needs no access to the grants table itself.
CREATE OR REPLACE FUNCTION sync.may_read(p_account text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_account IS NULL
    OR NOT EXISTS (SELECT 1 FROM sync.sync_account_grants g WHERE g.role_name = session_user)
    OR EXISTS (SELECT 1 FROM sync.sync_account_grants g
               WHERE g.role_name = session_user AND g.account = p_account)
$$;

ALTER TABLE sync.sync_changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS sync_changes_by_account ON sync.sync_changes;
CREATE POLICY sync_changes_by_account ON sync.sync_changes FOR SELECT
  USING (sync.may_read(account));

-- Greets a device: registers it and tells it the server's schema, identity, what it has
-- acknowledged from that device and the head of the log.
CREATE OR REPLACE FUNCTION sync.sync_hello(p_device text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_meta record;
  v_acked bigint;
BEGIN
  SELECT schema_version, server_id INTO v_meta FROM sync.sync_meta WHERE id = 1;
  INSERT INTO sync.sync_devices (device_id) VALUES (p_device)
  ON CONFLICT (device_id) DO UPDATE SET last_seen = now()
  RETURNING acked_seq INTO v_acked;
  RETURN jsonb_build_object(
    'schemaVersion', v_meta.schema_version,
    'serverId', v_meta.server_id,
    'acked', v_acked,
    'head', (SELECT coalesce(max(seq), 0) FROM sync.sync_changes));
END
$$;

-- Applies one batch from one device: refuses a schema mismatch, skips what was acknowledged
-- before (device seqs only grow), applies the class rules and logs what took effect. The
-- advisory lock makes sequence allocation follow commit order, so a reader's cursor never
-- passes a sequence number that a slower transaction commits later.
CREATE OR REPLACE FUNCTION sync.sync_push(p_device text, p_schema_version text, p_batch jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_version text;
  v_acked bigint;
  v_fresh jsonb;
  v_max bigint;
  v_applied bigint[];
  v_conflicts_before bigint;
  v_conflicts bigint;
BEGIN
  SELECT schema_version INTO v_version FROM sync.sync_meta WHERE id = 1;
  IF v_version IS DISTINCT FROM p_schema_version THEN
    RAISE EXCEPTION 'schema-mismatch server=% client=%', v_version, p_schema_version
      USING ERRCODE = '${SCHEMA_MISMATCH_SQLSTATE}';
  END IF;
  PERFORM pg_advisory_xact_lock(${PUSH_LOCK_KEY});
  INSERT INTO sync.sync_devices (device_id) VALUES (p_device) ON CONFLICT (device_id) DO NOTHING;
  SELECT acked_seq INTO v_acked FROM sync.sync_devices WHERE device_id = p_device FOR UPDATE;
  SELECT coalesce(jsonb_agg(e ORDER BY (e ->> 's')::bigint), '[]'::jsonb), max((e ->> 's')::bigint)
    INTO v_fresh, v_max
  FROM jsonb_array_elements(p_batch) e WHERE (e ->> 's')::bigint > v_acked;
  IF v_max IS NULL THEN
    UPDATE sync.sync_devices SET last_seen = now() WHERE device_id = p_device;
    RETURN jsonb_build_object('acked', v_acked, 'applied', 0, 'conflicts', 0,
      'duplicates', jsonb_array_length(p_batch));
  END IF;
  PERFORM set_config('edgebook.applying', 'on', true);
  BEGIN
    -- Replica mode: foreign keys and table triggers stay quiet, so rows land exactly as the
    -- device wrote them and in any order. Needs a superuser owner; without one, best effort.
    PERFORM set_config('session_replication_role', 'replica', true);
  EXCEPTION WHEN insufficient_privilege THEN
    NULL;
  END;
  SELECT count(*) INTO v_conflicts_before FROM sync.sync_conflicts;
  v_applied := sync.apply_changes(v_fresh);
  SELECT count(*) - v_conflicts_before INTO v_conflicts FROM sync.sync_conflicts;
  INSERT INTO sync.sync_changes (device, device_seq, schema_name, table_name, pk, hlc, base_hlc,
    op, row, account)
  SELECT p_device, (e ->> 's')::bigint, e ->> 'sc', e ->> 't', e ->> 'k', e ->> 'h', e ->> 'b',
    e ->> 'o', e -> 'r', coalesce(e -> 'r' ->> 'account_id', e -> 'r' ->> 'account')
  FROM jsonb_array_elements(v_fresh) WITH ORDINALITY x(e, n)
  JOIN unnest(v_applied) a(n) USING (n)
  ORDER BY n
  ON CONFLICT (device, device_seq) DO NOTHING;
  UPDATE sync.sync_devices SET acked_seq = v_max, last_seen = now() WHERE device_id = p_device;
  RETURN jsonb_build_object('acked', v_max, 'applied', cardinality(v_applied),
    'conflicts', v_conflicts, 'duplicates', jsonb_array_length(p_batch) - jsonb_array_length(v_fresh));
END
$$;

REVOKE ALL ON FUNCTION sync.sync_push(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION sync.sync_hello(text) FROM PUBLIC;
`
}

/**
 * What a non-superuser login role needs to sync and nothing more: run the two functions and
 * read the log (row-level security limits it to the accounts listed, when any are).
 */
export function grantsSql(role: string, accounts: readonly string[] = []): string {
  const r = `"${role.replace(/"/g, '""')}"`
  const lines = [
    `-- Grants for Edgebook sync role ${role}: it cannot write any table directly.`,
    `GRANT USAGE ON SCHEMA sync TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.sync_hello(text) TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.sync_push(text, text, jsonb) TO ${r};`,
    `GRANT SELECT ON sync.sync_changes TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.may_read(text) TO ${r};`,
    `-- Row-level security: list the accounts this role may pull (none listed: all accounts).`,
    ...accounts.map(
      (a) =>
        `INSERT INTO sync.sync_account_grants (role_name, account) VALUES ('${role.replace(/'/g, "''")}', '${a.replace(/'/g, "''")}') ON CONFLICT DO NOTHING;`,
    ),
  ]
  if (accounts.length === 0)
    lines.push(
      `-- INSERT INTO sync.sync_account_grants (role_name, account) VALUES ('${role.replace(/'/g, "''")}', '<account>');`,
    )
  return `${lines.join('\n')}\n`
}
