-- Outbox batches are built as json text (no jsonb round trip): the same array, several times
-- cheaper to build on the device. Function only: no table changes.
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
  v_sql := 'SELECT o.seq AS s, json_build_object(''s'', o.seq, ''sc'', o.schema_name, '
    '''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', o.base_hlc, ''o'', o.op, '
    '''r'', o.row::json) AS e FROM sync.sync_outbox o '
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
    v_sql := v_sql || format(' UNION ALL SELECT o.seq, json_build_object(''s'', o.seq, '
      '''sc'', o.schema_name, ''t'', o.table_name, ''k'', o.pk, ''h'', o.hlc, ''b'', NULL, '
      '''o'', ''put'', ''r'', x.r) FROM sync.sync_outbox o '
      'CROSS JOIN LATERAL (SELECT to_json(t) AS r FROM %I.%I t WHERE t.%I = o.pk::%s) x '
      'WHERE o.seq BETWEEN $1 AND $2 AND o.op = ''ref'' '
      'AND o.schema_name = %L AND o.table_name = %L',
      v_t.schema_name, v_t.table_name, v_t.pk_col, v_t.pk_type, v_t.schema_name, v_t.table_name);
  END LOOP;
  EXECUTE 'SELECT coalesce(json_agg(e ORDER BY s)::text, ''[]''), max(s) FROM ('
    || v_sql || ') b' INTO batch, batch_max_seq USING v_lo, max_seq;
END
$$;
