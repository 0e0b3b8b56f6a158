-- Cheaper capture of ledger statements. A statement draws its outbox seqs as one range (one
-- nextval and one setval instead of one sequence call per row), and a statement of 1000 rows or
-- more queues 'refs' entries of up to 500 keys each instead of one outbox row per key; the same
-- changes reach the server, with the same seqs. Functions only: no table changes.
CREATE OR REPLACE FUNCTION sync.capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_class text := TG_ARGV[0];
  v_cols text[];
  v_hlc text;
  v_n bigint;
  v_first bigint;
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
    -- The statement's seqs are taken as one range (two sequence calls instead of one per row).
    -- The outbox lock keeps any other writer from drawing a seq inside the range meanwhile.
    -- A big statement (a bulk import) is queued as 'refs' entries: one outbox row per 500
    -- consecutive seqs, pk = the first seq, row = the keys in seq order, the row's own seq = the
    -- last of its range (so trimming by acknowledged seq drops it only once all of it is
    -- through). sync.outbox_batch expands them into the same changes as 'ref' rows.
    EXECUTE 'SELECT count(*) FROM new_rows' INTO v_n;
    IF v_n > 0 THEN
      LOCK TABLE sync.sync_outbox IN EXCLUSIVE MODE;
      v_first := nextval('sync.sync_outbox_seq_seq');
      IF v_n > 1 THEN
        PERFORM setval('sync.sync_outbox_seq_seq', v_first + v_n - 1);
      END IF;
      IF v_n >= 1000 THEN
        EXECUTE format('INSERT INTO sync.sync_outbox (seq, schema_name, table_name, pk, hlc, base_hlc, op, row) '
          'OVERRIDING SYSTEM VALUE '
          'SELECT $4 + max(rn) - 1, $1, $2, ($4 + min(rn) - 1)::text, $3, NULL, ''refs'', jsonb_agg(k ORDER BY rn) '
          'FROM (SELECT n.%I::text AS k, row_number() OVER () AS rn FROM new_rows n) x '
          'GROUP BY (rn - 1) / 500', v_cols[1])
          USING TG_TABLE_SCHEMA, TG_TABLE_NAME, v_hlc, v_first;
      ELSE
        EXECUTE format('INSERT INTO sync.sync_outbox (seq, schema_name, table_name, pk, hlc, base_hlc, op, row) '
          'OVERRIDING SYSTEM VALUE '
          'SELECT $4 + row_number() OVER () - 1, $1, $2, n.%I::text, $3, NULL, ''ref'', ''null''::jsonb '
          'FROM new_rows n', v_cols[1])
          USING TG_TABLE_SCHEMA, TG_TABLE_NAME, v_hlc, v_first;
      END IF;
    END IF;
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
-- Outbox batches count changes, not rows: a 'refs' row stands for one change per key. The batch
-- takes whole outbox rows in seq order while the changes before each stay under p_limit (at
-- least one row). `n` is the number of changes.
CREATE OR REPLACE FUNCTION sync.outbox_batch(p_limit integer, OUT n integer, OUT max_seq bigint,
  OUT batch_max_seq bigint, OUT batch text)
LANGUAGE plpgsql AS $$
DECLARE
  v_lo bigint;
  v_t record;
  v_sql text;
BEGIN
  SELECT coalesce(sum(cnt), 0)::int, min(seq), max(seq) INTO n, v_lo, max_seq
  FROM (
    SELECT seq, cnt, sum(cnt) OVER (ORDER BY seq) AS upto
    FROM (
      SELECT o.seq, CASE WHEN o.op = 'refs' THEN jsonb_array_length(o.row) ELSE 1 END AS cnt
      FROM sync.sync_outbox o ORDER BY o.seq LIMIT p_limit
    ) y
  ) z
  WHERE upto - cnt < p_limit;
  IF n = 0 THEN
    batch := '[]';
    RETURN;
  END IF;
  v_sql := 'SELECT o.seq AS s, json_build_object(''s'', o.seq, ''sc'', o.schema_name, '
    '''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', o.base_hlc, ''o'', o.op, '
    '''r'', o.row::json) AS e FROM sync.sync_outbox o '
    'WHERE o.seq BETWEEN $1 AND $2 AND o.op NOT IN (''ref'', ''refs'')';
  FOR v_t IN
    SELECT DISTINCT o.schema_name, o.table_name, st.pk_cols[1] AS pk_col,
      format_type(a.atttypid, a.atttypmod) AS pk_type
    FROM sync.sync_outbox o
    JOIN sync.sync_tables st USING (schema_name, table_name)
    JOIN pg_attribute a ON a.attrelid = format('%I.%I', o.schema_name, o.table_name)::regclass
      AND a.attname = st.pk_cols[1]
    WHERE o.seq BETWEEN v_lo AND max_seq AND o.op IN ('ref', 'refs')
  LOOP
    v_sql := v_sql || format(' UNION ALL SELECT o.seq, json_build_object(''s'', o.seq, '
      '''sc'', o.schema_name, ''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', NULL, '
      '''o'', ''put'', ''r'', x.r) FROM sync.sync_outbox o '
      'CROSS JOIN LATERAL (SELECT to_json(t) AS r FROM %I.%I t WHERE t.%I = o.pk::%s) x '
      'WHERE o.seq BETWEEN $1 AND $2 AND o.op = ''ref'' '
      'AND o.schema_name = %L AND o.table_name = %L',
      v_t.schema_name, v_t.table_name, v_t.pk_col, v_t.pk_type, v_t.schema_name, v_t.table_name);
    v_sql := v_sql || format(' UNION ALL SELECT o.pk::bigint + u.ord - 1, json_build_object('
      '''s'', o.pk::bigint + u.ord - 1, ''sc'', o.schema_name, ''t'', o.table_name, ''k'', u.k, '
      '''h'', o.hlc, ''b'', NULL, ''o'', ''put'', ''r'', x.r) FROM sync.sync_outbox o '
      'CROSS JOIN LATERAL jsonb_array_elements_text(o.row) WITH ORDINALITY u(k, ord) '
      'CROSS JOIN LATERAL (SELECT to_json(t) AS r FROM %I.%I t WHERE t.%I = u.k::%s) x '
      'WHERE o.seq BETWEEN $1 AND $2 AND o.op = ''refs'' '
      'AND o.schema_name = %L AND o.table_name = %L',
      v_t.schema_name, v_t.table_name, v_t.pk_col, v_t.pk_type, v_t.schema_name, v_t.table_name);
  END LOOP;
  EXECUTE 'SELECT coalesce(json_agg(e ORDER BY s)::text, ''[]''), max(s) FROM ('
    || v_sql || ') b' INTO batch, batch_max_seq USING v_lo, max_seq;
END
$$;

--> statement-breakpoint
-- Changes waiting in the outbox: a 'refs' row stands for one change per key.
CREATE OR REPLACE FUNCTION sync.pending_changes() RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(CASE WHEN op = 'refs' THEN jsonb_array_length(row) ELSE 1 END), 0)::int
  FROM sync.sync_outbox
$$;
