-- Capture of ledger tables stores references instead of row images (the rows are immutable),
-- and sync.outbox_batch resolves them when pushing. Functions only: no table changes.
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
  IF v_class = 'ledger' AND cardinality(v_cols) = 1 THEN
    -- Ledger rows never change, so the outbox keeps only a reference ('ref'); the image is read
    -- from the table when the batch is pushed (sync.outbox_batch). This keeps bulk imports
    -- close to their cost without capture.
    EXECUTE format('INSERT INTO sync.sync_outbox (schema_name, table_name, pk, hlc, base_hlc, op, row) '
      'SELECT $1, $2, n.%I::text, $3, NULL, ''ref'', ''null''::jsonb FROM new_rows n', v_cols[1])
      USING TG_TABLE_SCHEMA, TG_TABLE_NAME, v_hlc;
  ELSIF v_class = 'ledger' THEN
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
-- The oldest `p_limit` outbox rows as the JSON array `sync_push` takes, ledger references
-- resolved to their current row image. `max_seq` covers the whole range read (a reference
-- whose row no longer exists is dropped); `batch_max_seq` is the highest seq in the array.
CREATE OR REPLACE FUNCTION sync.outbox_batch(p_limit integer, OUT n integer, OUT max_seq bigint,
  OUT batch_max_seq bigint, OUT batch text)
LANGUAGE plpgsql AS $$
DECLARE
  v_lo bigint;
  v_t record;
  v_sql text;
BEGIN
  SELECT count(*)::int, min(seq), max(seq) INTO n, v_lo, max_seq
  FROM (SELECT seq FROM sync.sync_outbox ORDER BY seq LIMIT p_limit) x;
  IF n = 0 THEN
    batch := '[]';
    RETURN;
  END IF;
  v_sql := 'SELECT o.seq AS s, jsonb_build_object(''s'', o.seq, ''sc'', o.schema_name, '
    '''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', o.base_hlc, ''o'', o.op, '
    '''r'', o.row) AS e FROM sync.sync_outbox o '
    'WHERE o.seq BETWEEN $1 AND $2 AND o.op <> ''ref''';
  FOR v_t IN
    SELECT DISTINCT o.schema_name, o.table_name, st.pk_cols[1] AS pk_col,
      format_type(a.atttypid, a.atttypmod) AS pk_type
    FROM sync.sync_outbox o
    JOIN sync.sync_tables st USING (schema_name, table_name)
    JOIN pg_attribute a ON a.attrelid = format('%I.%I', o.schema_name, o.table_name)::regclass
      AND a.attname = st.pk_cols[1]
    WHERE o.seq BETWEEN v_lo AND max_seq AND o.op = 'ref'
  LOOP
    v_sql := v_sql || format(' UNION ALL SELECT o.seq, jsonb_build_object(''s'', o.seq, '
      '''sc'', o.schema_name, ''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', NULL, '
      '''o'', ''put'', ''r'', x.r) FROM sync.sync_outbox o '
      'CROSS JOIN LATERAL (SELECT to_jsonb(t) AS r FROM %I.%I t WHERE t.%I = o.pk::%s) x '
      'WHERE o.seq BETWEEN $1 AND $2 AND o.op = ''ref'' '
      'AND o.schema_name = %L AND o.table_name = %L',
      v_t.schema_name, v_t.table_name, v_t.pk_col, v_t.pk_type, v_t.schema_name, v_t.table_name);
  END LOOP;
  EXECUTE 'SELECT coalesce(jsonb_agg(e ORDER BY s), ''[]''::jsonb)::text, max(s) FROM ('
    || v_sql || ') b' INTO batch, batch_max_seq USING v_lo, max_seq;
END
$$;
