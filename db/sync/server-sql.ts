// SQL that only the shared server runs, on top of the migrations every database runs. Plain
// strings so the CLI can print them and tests can apply them to a throwaway server.

/** SQLSTATE raised by `sync_push` when the client's schema differs from the server's. */
export const SCHEMA_MISMATCH_SQLSTATE = 'EB001'

/** SQLSTATE raised when a batch is malformed or carries a row the app cannot use. */
export const INVALID_BATCH_SQLSTATE = 'EB003'

/** SQLSTATE raised when a device id is registered to another login role. */
export const FOREIGN_DEVICE_SQLSTATE = 'EB004'

/** SQLSTATE raised when a batch writes an account, user or row the login role does not own. */
export const FORBIDDEN_SQLSTATE = 'EB005'

/** The advisory lock key every push takes: server sequence order equals commit order. */
export const PUSH_LOCK_KEY = 0x5ed9b00c

/**
 * How far ahead of the server's clock a pushed HLC may run (one day); the same bound as
 * `sync.max_clock_drift_ms()` of migration 0011, which devices apply to what they pull.
 */
export const MAX_CLOCK_DRIFT_MS = 86_400_000

/**
 * Creates the server's log, devices and meta, and the functions clients call. Idempotent: safe
 * to run again after a migration (`schema_version` is refreshed from the argument).
 */
export function serverSetupSql(schemaVersion: string): string {
  const version = quoteLiteral(schemaVersion)
  return `
CREATE TABLE IF NOT EXISTS sync.sync_meta (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  schema_version text NOT NULL,
  server_id text NOT NULL DEFAULT gen_random_uuid()::text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sync.sync_meta (id, schema_version) VALUES (1, ${version})
ON CONFLICT (id) DO UPDATE SET schema_version = excluded.schema_version, updated_at = now();

-- Devices, each bound to the login role that registered it: no other role may greet or push
-- under its id.
CREATE TABLE IF NOT EXISTS sync.sync_devices (
  device_id text PRIMARY KEY,
  acked_seq bigint NOT NULL DEFAULT 0,
  role_name name NOT NULL DEFAULT session_user,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now()
);
-- The install a device id belongs to (a hash of the device's machine and data dir, sent with
-- hello). Dedupe by (device, seq) is only sound while one install uses a device id: a second
-- install greeting under it is told to take a new id instead of having its seqs taken for
-- ones already acknowledged.
ALTER TABLE sync.sync_devices ADD COLUMN IF NOT EXISTS install_key text;

-- The log. \`account\` is the broker account of the row (trade_fills, import_batches),
-- \`user_key\` the user account it belongs to (core.user_accounts id, or the row's account_id,
-- user_account_id or user_id), \`role_name\` the login role that pushed it.
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
ALTER TABLE sync.sync_changes ADD COLUMN IF NOT EXISTS role_name name;
ALTER TABLE sync.sync_changes ADD COLUMN IF NOT EXISTS user_key text;

-- Broker accounts (or user account ids) a login role may read and write. A role with no rows
-- here is unrestricted: it reads and writes every broker account.
CREATE TABLE IF NOT EXISTS sync.sync_account_grants (
  role_name name NOT NULL,
  account text NOT NULL,
  PRIMARY KEY (role_name, account)
);

-- Which login role owns a user account: the first to push a row of it (or as the admin sets).
-- Only that role (and roles granted the id) reads its rows; only that role writes them.
CREATE TABLE IF NOT EXISTS sync.sync_user_owners (
  user_id text PRIMARY KEY,
  role_name name NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);

-- Which login role owns an lww row: the first to push it. No other role may change or delete it.
CREATE TABLE IF NOT EXISTS sync.sync_row_owners (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  pk text NOT NULL,
  role_name name NOT NULL,
  PRIMARY KEY (schema_name, table_name, pk)
);

-- Whether a synced table has a column (keys are read only from columns that exist).
CREATE OR REPLACE FUNCTION sync.has_column(p_schema text, p_table text, p_column text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM pg_attribute a
    WHERE a.attrelid = to_regclass(format('%I.%I', p_schema, p_table)) AND a.attname = p_column
      AND a.attnum > 0 AND NOT a.attisdropped)
$$;

-- The broker account a row belongs to (null: none).
CREATE OR REPLACE FUNCTION sync.change_account(p_schema text, p_table text, p_row jsonb)
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN sync.has_column(p_schema, p_table, 'account') THEN p_row ->> 'account' END
$$;

-- The user account a row belongs to (null: none).
CREATE OR REPLACE FUNCTION sync.change_user_key(p_schema text, p_table text, p_row jsonb)
RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN p_schema = 'core' AND p_table = 'user_accounts' THEN p_row ->> 'id'
    ELSE coalesce(
      CASE WHEN sync.has_column(p_schema, p_table, 'account_id') THEN p_row ->> 'account_id' END,
      CASE WHEN sync.has_column(p_schema, p_table, 'user_account_id')
        THEN p_row ->> 'user_account_id' END,
      CASE WHEN sync.has_column(p_schema, p_table, 'user_id') THEN p_row ->> 'user_id' END)
  END
$$;

-- Log entries from before roles were recorded: the role of their device, keys from the row.
UPDATE sync.sync_changes c SET
  role_name = coalesce((SELECT d.role_name FROM sync.sync_devices d WHERE d.device_id = c.device), ''),
  account = sync.change_account(c.schema_name, c.table_name, c.row),
  user_key = sync.change_user_key(c.schema_name, c.table_name, c.row)
WHERE c.role_name IS NULL;
INSERT INTO sync.sync_user_owners (user_id, role_name)
SELECT DISTINCT ON (user_key) user_key, role_name FROM sync.sync_changes
WHERE user_key IS NOT NULL AND role_name <> '' ORDER BY user_key, seq
ON CONFLICT (user_id) DO NOTHING;
INSERT INTO sync.sync_row_owners (schema_name, table_name, pk, role_name)
SELECT DISTINCT ON (c.schema_name, c.table_name, c.pk) c.schema_name, c.table_name, c.pk, c.role_name
FROM sync.sync_changes c JOIN sync.sync_tables st USING (schema_name, table_name)
WHERE st.class = 'lww' AND c.role_name <> '' ORDER BY c.schema_name, c.table_name, c.pk, c.seq
ON CONFLICT (schema_name, table_name, pk) DO NOTHING;

-- Whether the current login role may read changes of a broker account: granted, or the role
-- is unrestricted. A definer function so the client role needs no access to the grants table.
CREATE OR REPLACE FUNCTION sync.may_read(p_account text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_account IS NULL
    OR NOT EXISTS (SELECT 1 FROM sync.sync_account_grants g WHERE g.role_name = session_user)
    OR EXISTS (SELECT 1 FROM sync.sync_account_grants g
               WHERE g.role_name = session_user AND g.account = p_account)
$$;

-- Whether the current login role may read one log entry: always what it pushed itself; a user's
-- rows when it owns (or is granted) that user; a broker account's rows when it may read the
-- account; rows with neither key only when it is unrestricted.
CREATE OR REPLACE FUNCTION sync.may_read_change(p_account text, p_user text, p_role name)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_role = session_user OR CASE
    WHEN p_user IS NOT NULL THEN
      EXISTS (SELECT 1 FROM sync.sync_user_owners o
              WHERE o.user_id = p_user AND o.role_name = session_user)
      OR EXISTS (SELECT 1 FROM sync.sync_account_grants g
                 WHERE g.role_name = session_user AND g.account = p_user)
    WHEN p_account IS NOT NULL THEN sync.may_read(p_account)
    ELSE NOT EXISTS (SELECT 1 FROM sync.sync_account_grants g WHERE g.role_name = session_user)
  END
$$;

ALTER TABLE sync.sync_changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS sync_changes_by_account ON sync.sync_changes;
CREATE POLICY sync_changes_by_account ON sync.sync_changes FOR SELECT
  USING (sync.may_read_change(account, user_key, role_name));

-- Registers a device for the current login role, or refuses one registered to another role.
-- Returns what the server has acknowledged from it. Call under the push lock or in hello.
CREATE OR REPLACE FUNCTION sync.claim_device(p_device text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v record;
BEGIN
  IF p_device IS NULL OR p_device !~ '^[A-Za-z0-9._:-]{1,128}$' THEN
    RAISE EXCEPTION 'invalid device id' USING ERRCODE = '${INVALID_BATCH_SQLSTATE}';
  END IF;
  INSERT INTO sync.sync_devices (device_id, role_name) VALUES (p_device, session_user)
  ON CONFLICT (device_id) DO NOTHING;
  SELECT role_name, acked_seq INTO v FROM sync.sync_devices WHERE device_id = p_device FOR UPDATE;
  IF v.role_name <> session_user THEN
    RAISE EXCEPTION 'device % is registered to another role', p_device
      USING ERRCODE = '${FOREIGN_DEVICE_SQLSTATE}';
  END IF;
  UPDATE sync.sync_devices SET last_seen = now() WHERE device_id = p_device;
  RETURN v.acked_seq;
END
$$;
REVOKE ALL ON FUNCTION sync.claim_device(text) FROM PUBLIC;

-- Greets a device: registers it (bound to the login role and to the install that first greeted
-- with it) and tells it the server's schema, identity, what it has acknowledged from that device
-- and the head of the log. A different install greeting under a known id gets
-- 'deviceTaken': true and nothing else changes: it must take a new id (and send and pull
-- everything again, since the log's changes under the shared id were never its own).
CREATE OR REPLACE FUNCTION sync.sync_hello(p_device text, p_install text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_meta record;
  v_acked bigint;
  v_install text;
BEGIN
  SELECT schema_version, server_id INTO v_meta FROM sync.sync_meta WHERE id = 1;
  v_acked := sync.claim_device(p_device);
  IF p_install IS NOT NULL THEN
    IF p_install !~ '^[0-9a-f]{64}$' THEN
      RAISE EXCEPTION 'invalid install key' USING ERRCODE = '${INVALID_BATCH_SQLSTATE}';
    END IF;
    UPDATE sync.sync_devices SET install_key = coalesce(install_key, p_install)
    WHERE device_id = p_device RETURNING install_key INTO v_install;
    IF v_install <> p_install THEN
      RETURN jsonb_build_object('schemaVersion', v_meta.schema_version,
        'serverId', v_meta.server_id, 'acked', 0, 'head', 0, 'deviceTaken', true);
    END IF;
  END IF;
  RETURN jsonb_build_object(
    'schemaVersion', v_meta.schema_version,
    'serverId', v_meta.server_id,
    'acked', v_acked,
    'head', (SELECT coalesce(max(seq), 0) FROM sync.sync_changes));
END
$$;
-- Clients from before install keys.
CREATE OR REPLACE FUNCTION sync.sync_hello(p_device text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT sync.sync_hello(p_device, NULL)
$$;

-- Applies one batch from one device: refuses a schema mismatch, a device of another role, a
-- malformed batch or a row the app cannot use (sync.change_problems, whole batch refused), and
-- a write outside the role's accounts, users and rows (whole batch refused); skips what was
-- acknowledged before (device seqs only grow), applies the class rules and logs what took
-- effect. The advisory lock makes sequence allocation follow commit order, so a reader's cursor
-- never passes a sequence number that a slower transaction commits later.
CREATE OR REPLACE FUNCTION sync.sync_push(p_device text, p_schema_version text, p_batch jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_role name := session_user;
  v_version text;
  v_acked bigint;
  v_fresh jsonb;
  v_max bigint;
  v_problems text;
  v_is_restricted boolean;
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
  v_acked := sync.claim_device(p_device);
  SELECT string_agg(format('change %s: %s', c.n, c.problem), '; ') INTO v_problems
  FROM (SELECT * FROM sync.change_problems(p_batch, true) LIMIT 20) c;
  IF v_problems IS NOT NULL THEN
    RAISE EXCEPTION 'invalid batch, nothing applied: %', v_problems
      USING ERRCODE = '${INVALID_BATCH_SQLSTATE}';
  END IF;
  SELECT coalesce(jsonb_agg(e ORDER BY (e ->> 's')::bigint), '[]'::jsonb), max((e ->> 's')::bigint)
    INTO v_fresh, v_max
  FROM jsonb_array_elements(p_batch) e WHERE (e ->> 's')::bigint > v_acked;
  IF v_max IS NULL THEN
    RETURN jsonb_build_object('acked', v_acked, 'applied', 0, 'conflicts', 0,
      'duplicates', jsonb_array_length(p_batch));
  END IF;

  -- Ownership: broker accounts by grant (unrestricted roles: all), user accounts and lww rows by
  -- the role that first pushed them. Nothing is applied unless every change passes.
  v_is_restricted := EXISTS (SELECT 1 FROM sync.sync_account_grants g WHERE g.role_name = v_role);
  SELECT string_agg(format('%s.%s %s (seq %s): %s', d.sc, d.t, d.k, d.s, d.why), '; ')
    INTO v_problems
  FROM (
    SELECT x.e ->> 'sc' AS sc, x.e ->> 't' AS t, x.e ->> 'k' AS k, x.e ->> 's' AS s, CASE
      WHEN k.account IS NOT NULL AND v_is_restricted AND NOT EXISTS (
          SELECT 1 FROM sync.sync_account_grants g WHERE g.role_name = v_role AND g.account = k.account)
        THEN format('account %s is not granted to this role', k.account)
      WHEN k.user_key IS NOT NULL AND uo.role_name IS NOT NULL AND uo.role_name <> v_role
          AND NOT EXISTS (SELECT 1 FROM sync.sync_account_grants g
                          WHERE g.role_name = v_role AND g.account = k.user_key)
        THEN format('user account %s belongs to another role', k.user_key)
      WHEN st.class = 'lww' AND ro.role_name IS NOT NULL AND ro.role_name <> v_role
        THEN 'the row belongs to another role'
    END AS why
    FROM jsonb_array_elements(v_fresh) x(e)
    JOIN sync.sync_tables st ON st.schema_name = x.e ->> 'sc' AND st.table_name = x.e ->> 't'
    CROSS JOIN LATERAL (SELECT
      sync.change_account(x.e ->> 'sc', x.e ->> 't', x.e -> 'r') AS account,
      sync.change_user_key(x.e ->> 'sc', x.e ->> 't', x.e -> 'r') AS user_key) k
    LEFT JOIN sync.sync_user_owners uo ON uo.user_id = k.user_key
    LEFT JOIN sync.sync_row_owners ro ON ro.schema_name = x.e ->> 'sc'
      AND ro.table_name = x.e ->> 't' AND ro.pk = x.e ->> 'k'
  ) d WHERE d.why IS NOT NULL;
  IF v_problems IS NOT NULL THEN
    RAISE EXCEPTION 'refused, nothing applied: %', left(v_problems, 2000)
      USING ERRCODE = '${FORBIDDEN_SQLSTATE}';
  END IF;
  INSERT INTO sync.sync_user_owners (user_id, role_name)
  SELECT DISTINCT sync.change_user_key(e ->> 'sc', e ->> 't', e -> 'r'), v_role
  FROM jsonb_array_elements(v_fresh) e
  WHERE sync.change_user_key(e ->> 'sc', e ->> 't', e -> 'r') IS NOT NULL
  ON CONFLICT (user_id) DO NOTHING;

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
    op, row, account, user_key, role_name)
  SELECT p_device, (e ->> 's')::bigint, e ->> 'sc', e ->> 't', e ->> 'k', e ->> 'h', e ->> 'b',
    e ->> 'o', e -> 'r', sync.change_account(e ->> 'sc', e ->> 't', e -> 'r'),
    sync.change_user_key(e ->> 'sc', e ->> 't', e -> 'r'), v_role
  FROM jsonb_array_elements(v_fresh) WITH ORDINALITY x(e, n)
  JOIN unnest(v_applied) a(n) USING (n)
  ORDER BY n
  ON CONFLICT (device, device_seq) DO NOTHING;
  INSERT INTO sync.sync_row_owners (schema_name, table_name, pk, role_name)
  SELECT DISTINCT e ->> 'sc', e ->> 't', e ->> 'k', v_role
  FROM jsonb_array_elements(v_fresh) WITH ORDINALITY x(e, n)
  JOIN unnest(v_applied) a(n) USING (n)
  JOIN sync.sync_tables st ON st.schema_name = e ->> 'sc' AND st.table_name = e ->> 't'
  WHERE st.class = 'lww'
  ON CONFLICT (schema_name, table_name, pk) DO NOTHING;
  UPDATE sync.sync_devices SET acked_seq = v_max, last_seen = now() WHERE device_id = p_device;
  RETURN jsonb_build_object('acked', v_max, 'applied', cardinality(v_applied),
    'conflicts', v_conflicts, 'duplicates', jsonb_array_length(p_batch) - jsonb_array_length(v_fresh));
END
$$;

REVOKE ALL ON FUNCTION sync.sync_push(text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION sync.sync_hello(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION sync.sync_hello(text, text) FROM PUBLIC;
`
}

/** A name or value that cannot go into SQL text (a control character, or empty). */
export class UnsafeSqlTextError extends Error {
  override name = 'UnsafeSqlTextError'
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

// C0 and C1 control characters and DEL: a newline would end a comment line and start a statement.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

function checkText(field: string, value: string): void {
  if (value.length === 0) throw new UnsafeSqlTextError(field, `${field} is empty`)
  if (CONTROL.test(value))
    throw new UnsafeSqlTextError(field, `${field} contains a control character (newline, tab, …)`)
}

/** An identifier quoted as PostgreSQL's `quote_ident` / `format('%I')` would (always quoted). */
export function quoteIdent(name: string): string {
  checkText('identifier', name)
  return `"${name.replace(/"/g, '""')}"`
}

/** A string literal as PostgreSQL's `quote_literal` writes it (E'…' when it holds a backslash). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new UnsafeSqlTextError('literal', 'literal contains NUL')
  const quoted = value.replace(/'/g, "''")
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`
}

/**
 * What a non-superuser login role needs to sync and nothing more: run the two functions and
 * read the log (row-level security limits it to its own pushes, the user accounts it owns and
 * the broker accounts listed, or every broker account when none are). Role and account names
 * are quoted; a control character in either is refused (`UnsafeSqlTextError`).
 */
export function grantsSql(role: string, accounts: readonly string[] = []): string {
  checkText('role', role)
  accounts.forEach((a) => checkText('account', a))
  const r = quoteIdent(role)
  const roleLit = quoteLiteral(role)
  const lines = [
    `-- Grants for an Edgebook sync role: it cannot write any table directly.`,
    `GRANT USAGE ON SCHEMA sync TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.sync_hello(text) TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.sync_hello(text, text) TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.sync_push(text, text, jsonb) TO ${r};`,
    `GRANT SELECT ON sync.sync_changes TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.may_read(text) TO ${r};`,
    `GRANT EXECUTE ON FUNCTION sync.may_read_change(text, text, name) TO ${r};`,
    `-- Broker accounts this role may read and write (none listed: all broker accounts).`,
    ...accounts.map(
      (a) =>
        `INSERT INTO sync.sync_account_grants (role_name, account) VALUES (${roleLit}, ${quoteLiteral(a)}) ON CONFLICT DO NOTHING;`,
    ),
  ]
  if (accounts.length === 0)
    lines.push(
      `-- INSERT INTO sync.sync_account_grants (role_name, account) VALUES (${roleLit}, '<account>');`,
    )
  return `${lines.join('\n')}\n`
}
