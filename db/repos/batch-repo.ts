import { rawOf, type Handle } from '../query'

/** A batch job row as the handlers use it. */
export type StoredJob = {
  id: string
  name: string
  status: string
  total: number
  completed: number
  truncated: boolean
  axes: { name: string; values: number[] }[]
  /** The request that built the job: symbol, timeframe and the base backtest spec. */
  request: { symbol: string; timeframe: string; spec: Record<string, unknown> }
  summary: Record<string, unknown> | null
  error: string | null
  createdAt: string
  completedAt: string | null
}

type JobRow = {
  id: string
  name: string
  status: string
  total: number
  completed: number
  truncated: boolean
  variables: { name: string; values: number[] }[]
  strategy_elements: StoredJob['request']
  summary: Record<string, unknown> | null
  error: string | null
  created_at: Date
  completed_at: Date | null
}

function fromRow(r: JobRow): StoredJob {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    total: r.total,
    completed: r.completed,
    truncated: r.truncated,
    axes: r.variables,
    request: r.strategy_elements,
    summary: r.summary,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
  }
}

/** Creates a job in status `running`, of `kind` `local` (a grid) unless told (`probe`). */
export async function createJob(
  h: Handle,
  job: Pick<StoredJob, 'id' | 'name' | 'total' | 'truncated' | 'axes' | 'request'> & {
    startDate: string | null
    endDate: string | null
    kind?: 'local' | 'probe'
  },
): Promise<StoredJob> {
  const result = await rawOf(h).query<JobRow>(
    `INSERT INTO backtest.batch_jobs (id, name, kind, status, total, completed, truncated, variables, strategy_elements, start_date, end_date, assignments_preview)
     VALUES ($1, $2, $10, 'running', $3, 0, $4, $5::jsonb, $6::jsonb, $7::date, $8::date, $9::jsonb)
     RETURNING *`,
    [
      job.id,
      job.name,
      job.total,
      job.truncated,
      JSON.stringify(job.axes),
      JSON.stringify(job.request),
      job.startDate,
      job.endDate,
      JSON.stringify(
        job.axes.map((a) => ({
          name: a.name,
          count: a.values.length,
          first: a.values[0],
          last: a.values[a.values.length - 1],
        })),
      ),
      job.kind ?? 'local',
    ],
  )
  return fromRow(result.rows[0] as JobRow)
}

/** One job, or null; a probe run only when `kind` is `probe`, a grid otherwise. */
export async function getJob(
  h: Handle,
  id: string,
  kind: 'grid' | 'probe' = 'grid',
): Promise<StoredJob | null> {
  const result = await rawOf(h).query<JobRow>(
    `SELECT * FROM backtest.batch_jobs WHERE id = $1 AND (kind = 'probe') = $2`,
    [id, kind === 'probe'],
  )
  const row = result.rows[0]
  return row ? fromRow(row) : null
}

/** Every grid job (or every probe run), newest first. */
export async function listJobs(h: Handle, kind: 'grid' | 'probe' = 'grid'): Promise<StoredJob[]> {
  const result = await rawOf(h).query<JobRow>(
    `SELECT * FROM backtest.batch_jobs WHERE (kind = 'probe') = $1 ORDER BY created_at DESC, id DESC`,
    [kind === 'probe'],
  )
  return result.rows.map(fromRow)
}

/** Sets status (and optionally summary, error, completion time) of a job. */
export async function updateJob(
  h: Handle,
  id: string,
  patch: {
    status: string
    summary?: Record<string, unknown> | null
    error?: string | null
    isDone?: boolean
  },
): Promise<void> {
  await rawOf(h).query(
    `UPDATE backtest.batch_jobs SET status = $2,
        summary = COALESCE($3::jsonb, summary),
        error = $4,
        completed_at = CASE WHEN $5::boolean THEN now() ELSE NULL END,
        completed = CASE WHEN kind = 'probe'
          THEN (SELECT count(*) FROM backtest.strategy_probe_results
                 WHERE run_id = $1 AND open_day IS NULL)
          ELSE (SELECT count(*) FROM backtest.batch_job_runs WHERE batch_job_id = $1) END
      WHERE id = $1`,
    [
      id,
      patch.status,
      patch.summary === undefined || patch.summary === null ? null : JSON.stringify(patch.summary),
      patch.error ?? null,
      patch.isDone ?? false,
    ],
  )
}

/** One run to store. */
export type RunRow = {
  runIndex: number
  variables: Record<string, number>
  metrics: Record<string, unknown>
}

/**
 * Stores runs (a run already stored under the same index is left alone, so a resumed job never
 * writes one twice) and adds the runs it stored to the job's completed count, in one statement:
 * a process killed between the two would leave an interrupted job counting fewer runs than it
 * stored.
 */
export async function insertRuns(h: Handle, jobId: string, runs: readonly RunRow[]): Promise<void> {
  if (runs.length === 0) return
  // An increment, not a recount: a recount per batch reads every stored run again (quadratic
  // over a grid); `updateJob` recounts once when the job ends.
  await rawOf(h).query(
    `WITH inserted AS (
       INSERT INTO backtest.batch_job_runs (batch_job_id, run_index, variables, metrics)
       SELECT $1, r.run_index, r.variables, r.metrics
         FROM jsonb_to_recordset($2::jsonb) AS r(run_index int, variables jsonb, metrics jsonb)
       ON CONFLICT (batch_job_id, run_index) DO NOTHING
       RETURNING 1)
     UPDATE backtest.batch_jobs SET completed = completed + (SELECT count(*) FROM inserted)
      WHERE id = $1`,
    [
      jobId,
      JSON.stringify(
        runs.map((r) => ({ run_index: r.runIndex, variables: r.variables, metrics: r.metrics })),
      ),
    ],
  )
}

/**
 * Every stored run of a job in run order, page by page (`pageSize` runs in memory at a time):
 * what a resumed job has already done.
 */
export async function* storedRuns(
  h: Handle,
  jobId: string,
  pageSize = 5_000,
): AsyncGenerator<RunRow[]> {
  let after = -1
  for (;;) {
    const result = await rawOf(h).query<{
      run_index: number
      variables: Record<string, number>
      metrics: Record<string, unknown>
    }>(
      `SELECT run_index, variables, metrics FROM backtest.batch_job_runs
        WHERE batch_job_id = $1 AND run_index > $2 ORDER BY run_index LIMIT $3`,
      [jobId, after, pageSize],
    )
    if (result.rows.length === 0) return
    yield result.rows.map((r) => ({
      runIndex: r.run_index,
      variables: r.variables,
      metrics: r.metrics,
    }))
    after = result.rows[result.rows.length - 1]?.run_index ?? after
    if (result.rows.length < pageSize) return
  }
}

/** Marks jobs left `running` or `queued` (by a process that is gone) as `interrupted`. */
export async function markInterruptedJobs(h: Handle): Promise<number> {
  const result = await rawOf(h).query(
    `UPDATE backtest.batch_jobs SET status = 'interrupted' WHERE status IN ('running', 'queued')`,
  )
  return result.affectedRows ?? 0
}

/** A metric condition; `metric` must come from a closed list (it is spliced into SQL). */
export type RunFilter = { metric: string; op: '>' | '>=' | '<' | '<=' | '=' | '!='; value: number }

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Runs of a job filtered on metrics and sorted by a metric or a variable (nulls last). Keys are
 * checked against a safe pattern before they reach SQL; values are parameters.
 */
export async function queryRuns(
  h: Handle,
  jobId: string,
  query: {
    where: RunFilter[]
    sort?: { by: string; dir: 'asc' | 'desc'; isVariable: boolean }
    limit: number
    offset: number
  },
): Promise<{ total: number; runs: RunRow[] }> {
  const params: unknown[] = [jobId]
  const conditions = ['batch_job_id = $1']
  for (const f of query.where) {
    if (!SAFE_KEY.test(f.metric)) throw new Error(`unsafe metric key ${f.metric}`)
    params.push(f.value)
    conditions.push(`(metrics->>'${f.metric}')::float8 ${f.op} $${params.length}`)
  }
  let order = 'run_index'
  if (query.sort) {
    if (!SAFE_KEY.test(query.sort.by)) throw new Error(`unsafe sort key ${query.sort.by}`)
    const column = query.sort.isVariable ? 'variables' : 'metrics'
    order = `(${column}->>'${query.sort.by}')::float8 ${query.sort.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, run_index`
  }
  const where = conditions.join(' AND ')
  const total = await rawOf(h).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM backtest.batch_job_runs WHERE ${where}`,
    params,
  )
  params.push(query.limit, query.offset)
  const result = await rawOf(h).query<{
    run_index: number
    variables: Record<string, number>
    metrics: Record<string, unknown>
  }>(
    `SELECT run_index, variables, metrics FROM backtest.batch_job_runs WHERE ${where}
      ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )
  return {
    total: total.rows[0]?.n ?? 0,
    runs: result.rows.map((r) => ({
      runIndex: r.run_index,
      variables: r.variables,
      metrics: r.metrics,
    })),
  }
}

/** One cell of a metric folded over two variables: its coordinates, the reduced value and n. */
export type MetricCell = { x: number; y: number; value: number }

/**
 * A metric of a job's runs grouped by two variables and reduced in the database (`max`, `min` or
 * `mean` over the other variables), one row per cell: a heatmap reads cells, not runs. Runs
 * where the metric is missing (a failed run, a NaN stored as null) count in no cell. Keys must
 * come from closed lists (they are spliced into SQL); they are checked against a safe pattern.
 */
export async function foldMetric(
  h: Handle,
  jobId: string,
  fold: { x: string; y: string; metric: string; reduce: 'max' | 'min' | 'mean' },
): Promise<MetricCell[]> {
  for (const key of [fold.x, fold.y, fold.metric]) {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe key ${key}`)
  }
  const reducer = fold.reduce === 'mean' ? 'avg' : fold.reduce
  const result = await rawOf(h).query<{ x: number; y: number; value: number }>(
    `SELECT x, y, ${reducer}(v) AS value FROM (
       SELECT (variables->>'${fold.x}')::float8 AS x, (variables->>'${fold.y}')::float8 AS y,
              (metrics->>'${fold.metric}')::float8 AS v
         FROM backtest.batch_job_runs WHERE batch_job_id = $1
     ) r
     WHERE v IS NOT NULL AND x IS NOT NULL AND y IS NOT NULL
     GROUP BY x, y`,
    [jobId],
  )
  return result.rows
}

/** Deletes a job and its runs. */
export async function deleteJob(h: Handle, id: string): Promise<boolean> {
  const result = await rawOf(h).query(`DELETE FROM backtest.batch_jobs WHERE id = $1`, [id])
  return (result.affectedRows ?? 0) > 0
}

/** A saved variable list. */
export type StoredVariableList = {
  id: string
  name: string
  type: string
  values: (number | string)[]
  description: string | null
  updatedAt: string
}

type ListRow = {
  id: string
  name: string
  type: string
  values: (number | string)[]
  description: string | null
  updated_at: Date
}

function fromListRow(r: ListRow): StoredVariableList {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    values: r.values,
    description: r.description,
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** Live variable lists by name. */
export async function listVariableLists(h: Handle): Promise<StoredVariableList[]> {
  const result = await rawOf(h).query<ListRow>(
    `SELECT id, name, type, values, description, updated_at FROM strategy.variable_lists WHERE deleted_at IS NULL ORDER BY name`,
  )
  return result.rows.map(fromListRow)
}

/** One live variable list, or null. */
export async function getVariableList(h: Handle, id: string): Promise<StoredVariableList | null> {
  const result = await rawOf(h).query<ListRow>(
    `SELECT id, name, type, values, description, updated_at FROM strategy.variable_lists WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  )
  const r = result.rows[0]
  return r ? fromListRow(r) : null
}

/** Inserts or updates a variable list by id. */
export async function upsertVariableList(
  h: Handle,
  list: {
    id: string
    name: string
    type: string
    values: (number | string)[]
    description: string | null
  },
): Promise<StoredVariableList> {
  const result = await rawOf(h).query<ListRow>(
    `INSERT INTO strategy.variable_lists (id, name, type, values, description)
     VALUES ($1::uuid, $2, $3, $4::jsonb, $5)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, values = excluded.values, description = excluded.description, deleted_at = NULL
     RETURNING id, name, type, values, description, updated_at`,
    [list.id, list.name, list.type, JSON.stringify(list.values), list.description],
  )
  return fromListRow(result.rows[0] as ListRow)
}

/** Tombstones a variable list. */
export async function deleteVariableList(h: Handle, id: string): Promise<boolean> {
  const result = await rawOf(h).query(
    `UPDATE strategy.variable_lists SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  )
  return (result.affectedRows ?? 0) > 0
}
