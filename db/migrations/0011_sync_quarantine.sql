CREATE TABLE "sync"."sync_quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync"."sync_quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"server_seq" bigint,
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"pk" text NOT NULL,
	"hlc" text NOT NULL,
	"op" text NOT NULL,
	"row" jsonb,
	"reason" text NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Sync hardening, the same functions on devices and on the shared server. Clocks are bounded:
-- nothing may run more than sync.max_clock_drift_ms() ahead of this database's time. Changes are
-- checked before they are applied (shape, known table, op, key, clock, and row values by the
-- same rules as imports); the server refuses a batch with a bad change, a device keeps a bad
-- pulled change in sync.sync_quarantine instead of applying it.

-- One day: how far ahead of this database's clock an accepted HLC may run.
CREATE OR REPLACE FUNCTION sync.max_clock_drift_ms() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT 86400000::bigint $$;
--> statement-breakpoint
-- The wall time of a packed HLC in ms; null when the text is not one.
CREATE OR REPLACE FUNCTION sync.hlc_wall(p_hlc text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_hlc ~ '^[0-9a-f]{12}-[0-9a-f]{4}-.+$'
    THEN ('x' || lpad(substr(p_hlc, 1, 12), 16, '0'))::bit(64)::bigint END
$$;
--> statement-breakpoint
-- As before, but a remote clock further ahead than the drift bound never moves the local clock
-- past now + the bound (such changes are quarantined; this is the last line of defence).
CREATE OR REPLACE FUNCTION sync.hlc_receive(p_remote text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_now bigint := sync.now_ms();
  v_limit bigint := v_now + sync.max_clock_drift_ms();
  r_wall bigint := coalesce(sync.hlc_wall(p_remote), 0);
  r_counter integer := CASE WHEN sync.hlc_wall(p_remote) IS NULL THEN 0
    ELSE ('x' || lpad(substr(p_remote, 14, 4), 8, '0'))::bit(32)::integer END;
  s record;
  v_wall bigint;
  v_counter integer;
BEGIN
  IF r_wall > v_limit THEN
    r_wall := v_limit;
    r_counter := 0;
  END IF;
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
-- Every problem of a batch of changes ({s, sc, t, k, h, b, o, r}), one row per problem with the
-- change's ordinal (1-based; 0 for the batch itself). No rows: every change may be applied.
-- p_need_seq: pushed batches carry device seqs (distinct positive integers).
-- Row values follow the import rules (electron/core/domain/journal/import/build.ts): a fill
-- has a known side, a positive quantity up to 1e9, a price above 0 up to 1e9 (0 only for
-- options, booked at 0 when they expire worthless), finite costs, a symbol and an account, and
-- an execution time from 1970 to 3 days past now (the import horizon); floating-point columns
-- hold JSON numbers (never "NaN" or "Infinity"); required columns are present; values convert
-- to their column types; CHECK constraints hold.
CREATE OR REPLACE FUNCTION sync.change_problems(p_changes jsonb, p_need_seq boolean)
RETURNS TABLE (n bigint, problem text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_limit bigint := sync.now_ms() + sync.max_clock_drift_ms();
  v_ns bigint[] := '{}';
  v_ps text[] := '{}';
  v_an bigint[];
  v_ap text[];
  v_ok jsonb;
  v_t record;
  v_o record;
  v_con record;
  v_rel regclass;
  v_bad bigint[];
  v_rows text;
  v_typed text;
BEGIN
  IF jsonb_typeof(p_changes) IS DISTINCT FROM 'array' THEN
    n := 0;
    problem := 'batch: not a JSON array';
    RETURN NEXT;
    RETURN;
  END IF;
  -- Shape, table, op, key and clock of each change.
  SELECT coalesce(array_agg(s.n ORDER BY s.n) FILTER (WHERE s.why IS NOT NULL), '{}'),
         coalesce(array_agg(s.why ORDER BY s.n) FILTER (WHERE s.why IS NOT NULL), '{}'),
         coalesce(jsonb_agg(jsonb_build_object('n', s.n, 'e', s.e) ORDER BY s.n)
           FILTER (WHERE s.why IS NULL), '[]')
    INTO v_ns, v_ps, v_ok
  FROM (
    SELECT x.n, x.e, CASE
      WHEN jsonb_typeof(x.e) IS DISTINCT FROM 'object' THEN 'entry: not a JSON object'
      WHEN p_need_seq AND (jsonb_typeof(x.e -> 's') IS DISTINCT FROM 'number'
        OR NOT (x.e ->> 's') ~ '^[1-9][0-9]{0,17}$') THEN 's: missing or not a positive integer'
      WHEN p_need_seq AND count(*) OVER (PARTITION BY x.e ->> 's') > 1
        THEN format('s: seq %s appears more than once in the batch', x.e ->> 's')
      WHEN st.class IS NULL
        THEN format('sc, t: %s.%s is not a synced table', x.e ->> 'sc', x.e ->> 't')
      WHEN coalesce(x.e ->> 'o', '') NOT IN ('put', 'del')
        THEN format('o: %s is not put or del', coalesce(x.e ->> 'o', 'null'))
      WHEN x.e ->> 'o' = 'del' AND st.class = 'ledger'
        THEN format('o: del on %s.%s, an insert-only ledger', st.schema_name, st.table_name)
      WHEN jsonb_typeof(x.e -> 'r') IS DISTINCT FROM 'object' THEN 'r: row is not a JSON object'
      WHEN jsonb_typeof(x.e -> 'k') IS DISTINCT FROM 'string'
        OR (x.e ->> 'k') IS DISTINCT FROM sync.pk_text(x.e -> 'r', st.pk_cols)
        THEN 'k: does not match the primary key of the row'
      WHEN sync.hlc_wall(x.e ->> 'h') IS NULL THEN 'h: not a clock'
      WHEN sync.hlc_wall(x.e ->> 'h') > v_limit
        THEN format('h: clock %s runs more than %s ms ahead', x.e ->> 'h', sync.max_clock_drift_ms())
      WHEN coalesce(jsonb_typeof(x.e -> 'b'), 'null') <> 'null'
        AND sync.hlc_wall(x.e ->> 'b') IS NULL THEN 'b: not a clock'
    END AS why
    FROM jsonb_array_elements(p_changes) WITH ORDINALITY x(e, n)
    LEFT JOIN sync.sync_tables st ON st.schema_name = x.e ->> 'sc' AND st.table_name = x.e ->> 't'
  ) s;

  -- Row values, table by table.
  FOR v_t IN
    SELECT DISTINCT o -> 'e' ->> 'sc' AS sc, o -> 'e' ->> 't' AS t
    FROM jsonb_array_elements(v_ok) o
  LOOP
    v_rel := format('%I.%I', v_t.sc, v_t.t)::regclass;
    v_rows := format('(SELECT (o ->> ''n'')::bigint AS _n, o -> ''e'' ->> ''o'' AS _op, '
      'o -> ''e'' -> ''r'' AS _r FROM jsonb_array_elements($1) o '
      'WHERE o -> ''e'' ->> ''sc'' = %L AND o -> ''e'' ->> ''t'' = %L) c', v_t.sc, v_t.t);
    -- Required columns present; floating-point columns hold numbers.
    EXECUTE format('SELECT coalesce(array_agg(c._n), ''{}''), coalesce(array_agg(a.attname || '
      'CASE WHEN coalesce(jsonb_typeof(c._r -> a.attname), ''null'') = ''null'' '
      'THEN '': is required'' ELSE '': must be a finite number'' END), ''{}'') FROM %s '
      'JOIN pg_attribute a ON a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped '
      'WHERE (a.attnotnull AND c._op = ''put'' '
      'AND coalesce(jsonb_typeof(c._r -> a.attname), ''null'') = ''null'') '
      'OR (a.atttypid IN (''float4''::regtype, ''float8''::regtype, ''numeric''::regtype) '
      'AND coalesce(jsonb_typeof(c._r -> a.attname), ''null'') NOT IN (''number'', ''null''))',
      v_rows, v_rel::oid) INTO v_an, v_ap USING v_ok;
    v_ns := v_ns || v_an;
    v_ps := v_ps || v_ap;
    -- Values convert to the column types (one statement; row by row only to find a culprit).
    v_bad := '{}';
    BEGIN
      EXECUTE format('SELECT count(*) FROM %s, jsonb_populate_record(NULL::%s, c._r) p',
        v_rows, v_rel) USING v_ok;
    EXCEPTION WHEN others THEN
      FOR v_o IN EXECUTE format('SELECT c._n, c._r FROM %s', v_rows) USING v_ok LOOP
        BEGIN
          EXECUTE format('SELECT jsonb_populate_record(NULL::%s, $1)', v_rel) USING v_o._r;
        EXCEPTION WHEN others THEN
          v_bad := v_bad || v_o._n;
          v_ns := v_ns || v_o._n;
          v_ps := v_ps || ('r: ' || SQLERRM);
        END;
      END LOOP;
    END;
    v_typed := format('(SELECT * FROM %s WHERE c._op = ''put'' AND NOT (c._n = ANY (%L::bigint[]))) c',
      v_rows, v_bad);
    -- CHECK constraints of the table.
    FOR v_con IN
      SELECT conname, pg_get_expr(conbin, conrelid) AS expr FROM pg_constraint
      WHERE conrelid = v_rel AND contype = 'c'
    LOOP
      EXECUTE format('SELECT coalesce(array_agg(c._n), ''{}'') FROM %s, '
        'LATERAL (SELECT * FROM jsonb_populate_record(NULL::%s, c._r)) p WHERE NOT coalesce(%s, true)',
        v_typed, v_rel, v_con.expr) INTO v_an USING v_ok;
      IF cardinality(v_an) > 0 THEN
        v_ns := v_ns || v_an;
        v_ps := v_ps || array_fill(format('r: violates %s', v_con.conname), ARRAY[cardinality(v_an)]);
      END IF;
    END LOOP;
    IF v_t.sc = 'journal' AND v_t.t = 'trade_fills' THEN
      EXECUTE format('SELECT coalesce(array_agg(c._n), ''{}''), coalesce(array_agg(coalesce(CASE '
        'WHEN p.side IS NULL OR p.side NOT IN (''buy'', ''sell'') THEN ''side: must be buy or sell'' '
        'WHEN NOT (p.quantity > 0 AND p.quantity <= 1e9) '
        'THEN ''quantity: must be a positive number up to 1e9'' '
        'WHEN NOT (p.price >= 0 AND p.price <= 1e9) '
        'THEN ''price: must be a number from 0 up to 1e9'' '
        'WHEN p.price = 0 AND coalesce(p.asset_type, '''') NOT IN (''option'', ''future_option'') '
        'THEN ''price: must be greater than zero (only options are booked at 0)'' '
        'WHEN NOT (p.multiplier > 0 AND p.multiplier <= 1e9) '
        'THEN ''multiplier: must be a positive number'' '
        'WHEN NOT (abs(p.fees) <= 1e9) THEN ''fees: must be a finite number'' '
        'WHEN btrim(p.symbol) = '''' THEN ''symbol: is empty'' '
        'WHEN btrim(p.account) = '''' THEN ''account: is empty'' '
        'WHEN p.executed_at < timestamptz ''1970-01-01 00:00:00+00'' '
        'OR p.executed_at > to_timestamp($2 / 1000.0) '
        'THEN ''executed_at: '' || p.executed_at::text || '' is not a plausible time'' END, '
        '''r: not a usable fill'')), ''{}'') '
        'FROM %s, LATERAL (SELECT * FROM jsonb_populate_record(NULL::journal.trade_fills, c._r)) p '
        'WHERE (p.side IN (''buy'', ''sell'') AND p.quantity > 0 AND p.quantity <= 1e9 '
        'AND p.price >= 0 AND p.price <= 1e9 '
        'AND (p.price > 0 OR p.asset_type IN (''option'', ''future_option'')) '
        'AND p.multiplier > 0 AND p.multiplier <= 1e9 AND abs(p.fees) <= 1e9 '
        'AND btrim(p.symbol) <> '''' AND btrim(p.account) <> '''' '
        'AND p.executed_at >= timestamptz ''1970-01-01 00:00:00+00'' '
        'AND p.executed_at <= to_timestamp($2 / 1000.0)) IS NOT TRUE', v_typed)
        INTO v_an, v_ap USING v_ok, sync.now_ms() + 3 * 86400000;
      v_ns := v_ns || v_an;
      v_ps := v_ps || v_ap;
    END IF;
  END LOOP;
  RETURN QUERY SELECT u.n, u.p FROM unnest(v_ns, v_ps) u(n, p) ORDER BY u.n;
END
$$;
--> statement-breakpoint
-- Applies a pulled page on a device: changes with a problem, and changes whose apply fails, go
-- to sync.sync_quarantine instead (one bad row never stops sync or breaks campaigns and stats).
-- p_seqs: the server seq of each change, in the same order. Returns how many changes took
-- effect and how many were quarantined.
CREATE OR REPLACE FUNCTION sync.apply_pulled(p_changes jsonb, p_seqs bigint[],
  OUT applied integer, OUT quarantined integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_bad bigint[];
  v_ok jsonb;
  v_o record;
BEGIN
  WITH p AS (
    SELECT c.n, string_agg(c.problem, '; ') AS why FROM sync.change_problems(p_changes, false) c
    GROUP BY c.n
  ), q AS (
    INSERT INTO sync.sync_quarantine (server_seq, schema_name, table_name, pk, hlc, op, row, reason)
    SELECT p_seqs[p.n::int], coalesce(e ->> 'sc', '?'), coalesce(e ->> 't', '?'), coalesce(e ->> 'k', '?'),
      coalesce(e ->> 'h', '?'), coalesce(e ->> 'o', '?'),
      CASE WHEN jsonb_typeof(e) = 'object' THEN e -> 'r' ELSE e END, p.why
    FROM p CROSS JOIN LATERAL (SELECT p_changes -> (p.n::int - 1) AS e) x
    RETURNING 1
  )
  SELECT array_agg(p.n), (SELECT count(*) FROM q) INTO v_bad, quarantined FROM p;
  v_bad := coalesce(v_bad, '{}');
  SELECT coalesce(jsonb_agg(x.e ORDER BY x.n), '[]') INTO v_ok
  FROM jsonb_array_elements(p_changes) WITH ORDINALITY x(e, n) WHERE NOT (x.n = ANY (v_bad));
  BEGIN
    applied := cardinality(sync.apply_changes(v_ok));
  EXCEPTION WHEN others THEN
    -- Something the checks did not foresee (a unique key taken by another row): change by
    -- change, so only the change that fails is kept aside.
    applied := 0;
    FOR v_o IN
      SELECT x.n, x.e FROM jsonb_array_elements(p_changes) WITH ORDINALITY x(e, n)
      WHERE NOT (x.n = ANY (v_bad)) ORDER BY x.n
    LOOP
      BEGIN
        applied := applied + cardinality(sync.apply_changes(jsonb_build_array(v_o.e)));
      EXCEPTION WHEN others THEN
        INSERT INTO sync.sync_quarantine (server_seq, schema_name, table_name, pk, hlc, op, row, reason)
        VALUES (p_seqs[v_o.n::int], v_o.e ->> 'sc', v_o.e ->> 't', v_o.e ->> 'k', v_o.e ->> 'h',
          v_o.e ->> 'o', v_o.e -> 'r', 'apply: ' || SQLERRM);
        quarantined := quarantined + 1;
      END;
    END LOOP;
  END;
END
$$;
