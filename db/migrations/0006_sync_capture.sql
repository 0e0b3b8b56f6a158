-- Sync capture and apply: the same functions on the device (PGlite) and on the shared server,
-- installed by the migration `sync_capture`. Tables they use (sync_state, sync_outbox,
-- sync_row_clock, sync_conflicts, sync_tables) come from db/schema/sync.
--
-- HLC text: 12 hex digits of wall ms, '-', 4 hex digits of counter, '-', device id. It sorts
-- byte-wise like the clock, so every comparison uses COLLATE "C".

CREATE OR REPLACE FUNCTION sync.hlc_pack(p_wall bigint, p_counter integer, p_device text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT lpad(to_hex(p_wall), 12, '0') || '-' || lpad(to_hex(p_counter), 4, '0') || '-' || p_device
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sync.now_ms() RETURNS bigint LANGUAGE sql VOLATILE AS $$
  -- edgebook.clock_offset_ms simulates a device clock that runs off (tests of clock skew).
  SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint
    + coalesce(nullif(current_setting('edgebook.clock_offset_ms', true), '')::bigint, 0)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sync.hlc_tick() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_now bigint := sync.now_ms();
  v record;
BEGIN
  -- Every SET expression sees the old row, so wall and counter move together.
  UPDATE sync.sync_state SET
    hlc_counter = CASE WHEN v_now > hlc_wall_ms THEN 0
                       WHEN hlc_counter >= 65535 THEN 0 ELSE hlc_counter + 1 END,
    hlc_wall_ms = CASE WHEN v_now > hlc_wall_ms THEN v_now
                       WHEN hlc_counter >= 65535 THEN hlc_wall_ms + 1 ELSE hlc_wall_ms END
  WHERE id = 1
  RETURNING hlc_wall_ms, hlc_counter, device_id INTO v;
  RETURN sync.hlc_pack(v.hlc_wall_ms, v.hlc_counter, v.device_id);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sync.hlc_receive(p_remote text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_now bigint := sync.now_ms();
  r_wall bigint := ('x' || lpad(substr(p_remote, 1, 12), 16, '0'))::bit(64)::bigint;
  r_counter integer := ('x' || lpad(substr(p_remote, 14, 4), 8, '0'))::bit(32)::integer;
  s record;
  v_wall bigint;
  v_counter integer;
BEGIN
  SELECT hlc_wall_ms, hlc_counter, device_id INTO s FROM sync.sync_state WHERE id = 1 FOR UPDATE;
  v_wall := greatest(s.hlc_wall_ms, r_wall, v_now);
  IF v_wall = s.hlc_wall_ms AND v_wall = r_wall THEN
    v_counter := greatest(s.hlc_counter, r_counter) + 1;
  ELSIF v_wall = s.hlc_wall_ms THEN
    v_counter := s.hlc_counter + 1;
  ELSIF v_wall = r_wall THEN
    v_counter := r_counter + 1;
  ELSE
    v_counter := 0;
  END IF;
  IF v_counter > 65535 THEN
    v_wall := v_wall + 1;
    v_counter := 0;
  END IF;
  UPDATE sync.sync_state SET hlc_wall_ms = v_wall, hlc_counter = v_counter WHERE id = 1;
  RETURN sync.hlc_pack(v_wall, v_counter, s.device_id);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sync.pk_text(p_row jsonb, p_cols text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN cardinality(p_cols) = 1 THEN p_row ->> p_cols[1]
    ELSE (SELECT jsonb_agg(p_row -> c ORDER BY i)::text FROM unnest(p_cols) WITH ORDINALITY u(c, i))
  END
$$;
--> statement-breakpoint
-- One capture function for every synced table. Statement-level with transition tables: a bulk
-- import of 100k fills costs one clock tick and one INSERT … SELECT, not 100k trigger calls.
-- TG_ARGV[0] is the class (ledger | lww). Remote changes are applied with
-- edgebook.applying = 'on' (transaction-local) and are not captured again.
CREATE OR REPLACE FUNCTION sync.capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_class text := TG_ARGV[0];
  v_cols text[];
  v_hlc text;
BEGIN
  IF current_setting('edgebook.applying', true) = 'on' THEN
    RETURN NULL;
  END IF;
  SELECT pk_cols INTO v_cols FROM sync.sync_tables
    WHERE schema_name = TG_TABLE_SCHEMA AND table_name = TG_TABLE_NAME;
  v_hlc := sync.hlc_tick();
  IF v_class = 'ledger' THEN
    INSERT INTO sync.sync_outbox (schema_name, table_name, pk, hlc, base_hlc, op, row)
    SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, sync.pk_text(j.r, v_cols), v_hlc, NULL, 'put', j.r
    FROM (SELECT to_jsonb(n) AS r FROM new_rows n) j;
  ELSIF TG_OP = 'DELETE' THEN
    WITH img AS (
      SELECT to_jsonb(o) AS r FROM old_rows o
    ), keyed AS (
      SELECT r, sync.pk_text(r, v_cols) AS pk FROM img
    ), queued AS (
      INSERT INTO sync.sync_outbox (schema_name, table_name, pk, hlc, base_hlc, op, row)
      SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, k.pk, v_hlc, c.hlc, 'del', k.r
      FROM keyed k LEFT JOIN sync.sync_row_clock c
        ON c.schema_name = TG_TABLE_SCHEMA AND c.table_name = TG_TABLE_NAME AND c.pk = k.pk
      RETURNING pk
    )
    INSERT INTO sync.sync_row_clock (schema_name, table_name, pk, hlc, deleted)
    SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, pk, v_hlc, true FROM queued
    ON CONFLICT (schema_name, table_name, pk)
      DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted;
  ELSE
    WITH img AS (
      SELECT to_jsonb(n) AS r FROM new_rows n
    ), keyed AS (
      SELECT r, sync.pk_text(r, v_cols) AS pk FROM img
    ), queued AS (
      INSERT INTO sync.sync_outbox (schema_name, table_name, pk, hlc, base_hlc, op, row)
      SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, k.pk, v_hlc, c.hlc, 'put', k.r
      FROM keyed k LEFT JOIN sync.sync_row_clock c
        ON c.schema_name = TG_TABLE_SCHEMA AND c.table_name = TG_TABLE_NAME AND c.pk = k.pk
      RETURNING pk
    )
    INSERT INTO sync.sync_row_clock (schema_name, table_name, pk, hlc, deleted)
    SELECT TG_TABLE_SCHEMA, TG_TABLE_NAME, pk, v_hlc, false FROM queued
    ON CONFLICT (schema_name, table_name, pk)
      DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted;
  END IF;
  PERFORM pg_notify('edgebook_sync', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Registers a table for sync and creates its capture triggers. Ledger tables only capture
-- INSERT (their own trigger rejects UPDATE and DELETE).
CREATE OR REPLACE FUNCTION sync.enable_capture(p_schema text, p_table text, p_class text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_cols text[];
BEGIN
  IF p_class NOT IN ('ledger', 'lww') THEN
    RAISE EXCEPTION 'sync class must be ledger or lww, got %', p_class;
  END IF;
  SELECT array_agg(a.attname::text ORDER BY k.ord) INTO v_cols
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indrelid = format('%I.%I', p_schema, p_table)::regclass AND i.indisprimary;
  IF v_cols IS NULL THEN
    RAISE EXCEPTION 'table %.% has no primary key and cannot sync', p_schema, p_table;
  END IF;
  INSERT INTO sync.sync_tables (schema_name, table_name, class, pk_cols)
  VALUES (p_schema, p_table, p_class, v_cols)
  ON CONFLICT (schema_name, table_name) DO UPDATE SET class = excluded.class, pk_cols = excluded.pk_cols;
  EXECUTE format('CREATE TRIGGER sync_capture_ins AFTER INSERT ON %I.%I '
    'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync.capture(%L)',
    p_schema, p_table, p_class);
  IF p_class = 'lww' THEN
    EXECUTE format('CREATE TRIGGER sync_capture_upd AFTER UPDATE ON %I.%I '
      'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync.capture(%L)',
      p_schema, p_table, p_class);
    EXECUTE format('CREATE TRIGGER sync_capture_del AFTER DELETE ON %I.%I '
      'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sync.capture(%L)',
      p_schema, p_table, p_class);
  END IF;
END
$$;
--> statement-breakpoint
-- Insertable columns of a table, quoted, and the same prefixed with `p.`.
CREATE OR REPLACE FUNCTION sync.insert_columns(p_schema text, p_table text, OUT cols text, OUT pcols text)
LANGUAGE sql STABLE AS $$
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
         string_agg('p.' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
  FROM pg_attribute a
  WHERE a.attrelid = format('%I.%I', p_schema, p_table)::regclass
    AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
$$;
--> statement-breakpoint
-- Applies changes (a jsonb array of {sc, t, k, h, b, o, r} in commit order) to this database's
-- copy of the tables. Ledger: insert if absent. lww: the higher HLC wins, deletes leave a
-- tombstone clock, and a concurrent version that loses is kept in sync_conflicts. Idempotent:
-- applying the same changes again changes nothing. Returns the ordinals (1-based) of the
-- changes that took effect. The caller sets edgebook.applying and, where allowed,
-- session_replication_role = replica (so FK order and table triggers do not rewrite images).
CREATE OR REPLACE FUNCTION sync.apply_changes(p_changes jsonb) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  v_run record;
  v_ch record;
  v_cols text;
  v_pcols text;
  v_pkcols text[];
  v_match text;
  v_set text;
  v_cur record;
  v_cur_row jsonb;
  v_same boolean;
  v_differs boolean;
  v_applied bigint[] := '{}';
BEGIN
  -- Consecutive changes to one ledger table form a run applied by one INSERT … SELECT;
  -- runs are applied in order so parents still precede children.
  FOR v_run IN
    SELECT sc, t, cls, min(n) AS first_n, max(n) AS last_n
    FROM (
      SELECT n, e ->> 'sc' AS sc, e ->> 't' AS t, coalesce(st.class, 'unknown') AS cls,
        n - row_number() OVER (PARTITION BY e ->> 'sc', e ->> 't' ORDER BY n) AS grp
      FROM jsonb_array_elements(p_changes) WITH ORDINALITY x(e, n)
      LEFT JOIN sync.sync_tables st ON st.schema_name = e ->> 'sc' AND st.table_name = e ->> 't'
    ) g
    GROUP BY sc, t, cls, grp
    ORDER BY first_n
  LOOP
    IF v_run.cls = 'unknown' THEN
      RAISE EXCEPTION 'table %.% is not synced here', v_run.sc, v_run.t USING ERRCODE = 'EB002';
    END IF;
    SELECT c.cols, c.pcols INTO v_cols, v_pcols FROM sync.insert_columns(v_run.sc, v_run.t) c;
    IF v_run.cls = 'ledger' THEN
      EXECUTE format(
        'INSERT INTO %I.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s '
        'FROM jsonb_array_elements($1) WITH ORDINALITY x(e, n), '
        'jsonb_populate_record(NULL::%I.%I, x.e -> ''r'') p '
        'WHERE x.n BETWEEN $2 AND $3 ORDER BY x.n ON CONFLICT DO NOTHING',
        v_run.sc, v_run.t, v_cols, v_pcols, v_run.sc, v_run.t)
      USING p_changes, v_run.first_n, v_run.last_n;
      v_applied := v_applied || ARRAY(SELECT generate_series(v_run.first_n, v_run.last_n));
      CONTINUE;
    END IF;
    SELECT pk_cols INTO v_pkcols FROM sync.sync_tables
      WHERE schema_name = v_run.sc AND table_name = v_run.t;
    SELECT string_agg(format('x.%1$I = p.%1$I', c), ' AND '),
           string_agg(quote_ident(c), ', ')
      INTO v_match, v_set FROM unnest(v_pkcols) c;
    FOR v_ch IN
      SELECT n, e ->> 'k' AS k, e ->> 'h' AS h, e ->> 'b' AS b, e ->> 'o' AS o, e -> 'r' AS r
      FROM jsonb_array_elements(p_changes) WITH ORDINALITY x(e, n)
      WHERE n BETWEEN v_run.first_n AND v_run.last_n ORDER BY n
    LOOP
      SELECT hlc, deleted INTO v_cur FROM sync.sync_row_clock
        WHERE schema_name = v_run.sc AND table_name = v_run.t AND pk = v_ch.k;
      -- Both images rendered here, in this session, so time zones and number formats agree.
      EXECUTE format('SELECT to_jsonb(x), to_jsonb(x) = to_jsonb(p) '
        'FROM %I.%I x, jsonb_populate_record(NULL::%I.%I, $1) p WHERE %s',
        v_run.sc, v_run.t, v_run.sc, v_run.t, v_match)
        INTO v_cur_row, v_same USING v_ch.r;
      v_differs := (v_ch.o = 'del') IS DISTINCT FROM coalesce(v_cur.deleted, v_cur_row IS NULL)
        OR (v_ch.o = 'put' AND v_cur_row IS NOT NULL AND NOT v_same);
      IF v_cur.hlc IS NOT NULL AND v_ch.h COLLATE "C" <= v_cur.hlc COLLATE "C" THEN
        -- Not newer than what is here: it loses. A different version that lost is a conflict.
        IF v_ch.h COLLATE "C" < v_cur.hlc COLLATE "C" AND v_differs THEN
          INSERT INTO sync.sync_conflicts (schema_name, table_name, pk, winner_hlc, winner_op,
            winner_row, loser_hlc, loser_op, loser_row, local_won)
          VALUES (v_run.sc, v_run.t, v_ch.k, v_cur.hlc,
            CASE WHEN v_cur.deleted THEN 'del' ELSE 'put' END, v_cur_row, v_ch.h, v_ch.o, v_ch.r,
            true);
        END IF;
        CONTINUE;
      END IF;
      -- Newer: it wins. If its writer had not seen the version here, that version lost.
      IF v_cur.hlc IS NOT NULL AND v_ch.b IS DISTINCT FROM v_cur.hlc AND v_differs THEN
        INSERT INTO sync.sync_conflicts (schema_name, table_name, pk, winner_hlc, winner_op,
          winner_row, loser_hlc, loser_op, loser_row, local_won)
        VALUES (v_run.sc, v_run.t, v_ch.k, v_ch.h, v_ch.o, v_ch.r, v_cur.hlc,
          CASE WHEN v_cur.deleted THEN 'del' ELSE 'put' END, v_cur_row, false);
      END IF;
      IF v_ch.o = 'del' THEN
        EXECUTE format('DELETE FROM %I.%I x USING jsonb_populate_record(NULL::%I.%I, $1) p WHERE %s',
          v_run.sc, v_run.t, v_run.sc, v_run.t, v_match) USING v_ch.r;
      ELSE
        EXECUTE format(
          'INSERT INTO %I.%I AS x (%s) OVERRIDING SYSTEM VALUE SELECT %s '
          'FROM jsonb_populate_record(NULL::%I.%I, $1) p ON CONFLICT (%s) DO UPDATE SET (%s) = ROW(%s)',
          v_run.sc, v_run.t, v_cols, v_pcols, v_run.sc, v_run.t, v_set, v_cols,
          regexp_replace(v_pcols, '(^|, )p\.', '\1excluded.', 'g'))
          USING v_ch.r;
      END IF;
      INSERT INTO sync.sync_row_clock (schema_name, table_name, pk, hlc, deleted)
      VALUES (v_run.sc, v_run.t, v_ch.k, v_ch.h, v_ch.o = 'del')
      ON CONFLICT (schema_name, table_name, pk)
        DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted;
      v_applied := v_applied || v_ch.n;
    END LOOP;
  END LOOP;
  RETURN v_applied;
END
$$;
--> statement-breakpoint
-- Queues every row of every synced table again (a device meeting a new server, or a restore).
CREATE OR REPLACE FUNCTION sync.enqueue_all() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_t record;
  v_hlc text := sync.hlc_tick();
  v_n bigint;
  v_total bigint := 0;
BEGIN
  FOR v_t IN SELECT * FROM sync.sync_tables ORDER BY class, schema_name, table_name LOOP
    EXECUTE format(
      'INSERT INTO sync.sync_outbox (schema_name, table_name, pk, hlc, base_hlc, op, row) '
      'SELECT %L, %L, k.pk, coalesce(c.hlc, %L), NULL, ''put'', k.r '
      'FROM (SELECT to_jsonb(x) AS r, sync.pk_text(to_jsonb(x), %L) AS pk FROM %I.%I x) k '
      'LEFT JOIN sync.sync_row_clock c ON c.schema_name = %L AND c.table_name = %L AND c.pk = k.pk',
      v_t.schema_name, v_t.table_name, v_hlc, v_t.pk_cols, v_t.schema_name, v_t.table_name,
      v_t.schema_name, v_t.table_name);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_total := v_total + v_n;
  END LOOP;
  RETURN v_total;
END
$$;
--> statement-breakpoint
-- Writes one version of a row back as a new local change (keep mine / keep theirs): the
-- capture trigger stamps a fresh HLC, so it wins everywhere once pushed.
CREATE OR REPLACE FUNCTION sync.write_version(p_schema text, p_table text, p_op text, p_row jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_cols text;
  v_pcols text;
  v_match text;
  v_set text;
BEGIN
  SELECT c.cols, c.pcols INTO v_cols, v_pcols FROM sync.insert_columns(p_schema, p_table) c;
  SELECT string_agg(format('x.%1$I = p.%1$I', c), ' AND '), string_agg(quote_ident(c), ', ')
    INTO v_match, v_set
  FROM sync.sync_tables st, unnest(st.pk_cols) c
  WHERE st.schema_name = p_schema AND st.table_name = p_table;
  IF p_op = 'del' THEN
    EXECUTE format('DELETE FROM %I.%I x USING jsonb_populate_record(NULL::%I.%I, $1) p WHERE %s',
      p_schema, p_table, p_schema, p_table, v_match) USING p_row;
  ELSE
    EXECUTE format(
      'INSERT INTO %I.%I AS x (%s) OVERRIDING SYSTEM VALUE SELECT %s '
      'FROM jsonb_populate_record(NULL::%I.%I, $1) p ON CONFLICT (%s) DO UPDATE SET (%s) = ROW(%s)',
      p_schema, p_table, v_cols, v_pcols, p_schema, p_table, v_set, v_cols,
      regexp_replace(v_pcols, '(^|, )p\.', '\1excluded.', 'g'))
      USING p_row;
  END IF;
END
$$;
--> statement-breakpoint
-- This database's identity; bound to a machine and data dir on first open (electron/core/sync).
INSERT INTO sync.sync_state (id, device_id) VALUES (1, gen_random_uuid()::text) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- Every table the registry marks ledger or lww (db/registry/tables.ts).
SELECT sync.enable_capture('core', 'user_accounts', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('core', 'user_profiles', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('core', 'user_rules', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'snaptrade_users', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'broker_connections', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'import_batches', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'trade_fills', 'ledger');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'decision_contexts', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'campaign_checks', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'journal_entries', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'alerts', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'trade_setups', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'wheel_cycles', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('journal', 'wheel_legs', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('strategy', 'strategies', 'lww');
--> statement-breakpoint
SELECT sync.enable_capture('strategy', 'variable_lists', 'lww');
