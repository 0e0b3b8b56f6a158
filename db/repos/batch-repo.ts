import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { rawOf, type Handle } from '../query'
import { batchJobRuns, batchJobs, strategyProbeResults, variableLists } from '../schema/index'

/** A batch job row as the handlers use it. */
export type StoredJob = {
  id: string
  name: string
  /** `local` (this core's engine workers) or `server` (the shared server's workers). */
  kind: string
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

/** A stored `batch_jobs` row, typed from the schema. */
type JobRecord = typeof batchJobs.$inferSelect

function toJob(r: JobRecord): StoredJob {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    total: r.total,
    completed: r.completed,
    truncated: r.truncated,
    axes: r.variables as StoredJob['axes'],
    // The request document of the job's kind (a grid's or a probe run's): written by createJob.
    request: r.strategyElements as StoredJob['request'],
    summary: (r.summary ?? null) as StoredJob['summary'],
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
  }
}

/**
 * Creates a job in status `running`, of `kind` `local` (a grid on this core) unless told
 * (`server`: a grid on the shared server's workers; `probe`).
 */
export async function createJob(
  h: Handle,
  job: Pick<StoredJob, 'id' | 'name' | 'total' | 'truncated' | 'axes' | 'request'> & {
    startDate: string | null
    endDate: string | null
    kind?: 'local' | 'server' | 'probe'
  },
): Promise<StoredJob> {
  const [row] = await h
    .insert(batchJobs)
    .values({
      id: job.id,
      name: job.name,
      kind: job.kind ?? 'local',
      status: 'running',
      total: job.total,
      completed: 0,
      truncated: job.truncated,
      variables: job.axes,
      strategyElements: job.request,
      startDate: job.startDate,
      endDate: job.endDate,
      assignmentsPreview: job.axes.map((a) => ({
        name: a.name,
        count: a.values.length,
        first: a.values[0],
        last: a.values[a.values.length - 1],
      })),
    })
    .returning()
  if (!row) throw new Error(`job ${job.id} was not created`)
  return toJob(row)
}

/**
 * The stored `kind` values of a listing: a grid runs here (`local`) or on server workers
 * (`server`); probe runs, optimisers and walk-forwards have their own channels and lists.
 */
const KINDS_OF = { grid: ['local', 'server'], probe: ['probe'] } as const

/** One job, or null; a probe run only when `kind` is `probe`, a grid otherwise. */
export async function getJob(
  h: Handle,
  id: string,
  kind: 'grid' | 'probe' = 'grid',
): Promise<StoredJob | null> {
  const [row] = await h
    .select()
    .from(batchJobs)
    .where(and(eq(batchJobs.id, id), inArray(batchJobs.kind, [...KINDS_OF[kind]])))
  return row ? toJob(row) : null
}

/** Every grid job (or every probe run), newest first. */
export async function listJobs(h: Handle, kind: 'grid' | 'probe' = 'grid'): Promise<StoredJob[]> {
  const rows = await h
    .select()
    .from(batchJobs)
    .where(inArray(batchJobs.kind, [...KINDS_OF[kind]]))
    .orderBy(desc(batchJobs.createdAt), desc(batchJobs.id))
  return rows.map(toJob)
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
  // The completed count is recounted from what is stored, once, as the job's state changes.
  const completed = sql<number>`CASE WHEN ${batchJobs.kind} = 'probe'
    THEN (SELECT count(*) FROM ${strategyProbeResults}
           WHERE ${strategyProbeResults.runId} = ${id} AND ${strategyProbeResults.openDay} IS NULL)
    ELSE (SELECT count(*) FROM ${batchJobRuns} WHERE ${batchJobRuns.batchJobId} = ${id}) END`
  await h
    .update(batchJobs)
    .set({
      status: patch.status,
      ...(patch.summary === undefined || patch.summary === null ? {} : { summary: patch.summary }),
      error: patch.error ?? null,
      completedAt: patch.isDone ? sql`now()` : null,
      completed,
    })
    .where(eq(batchJobs.id, id))
}

/** One run to store. */
export type RunRow = Pick<typeof batchJobRuns.$inferSelect, 'runIndex' | 'variables' | 'metrics'>

const RUN_COLUMNS = {
  runIndex: batchJobRuns.runIndex,
  variables: batchJobRuns.variables,
  metrics: batchJobRuns.metrics,
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
    const rows = await h
      .select(RUN_COLUMNS)
      .from(batchJobRuns)
      .where(and(eq(batchJobRuns.batchJobId, jobId), gt(batchJobRuns.runIndex, after)))
      .orderBy(asc(batchJobRuns.runIndex))
      .limit(pageSize)
    if (rows.length === 0) return
    yield rows
    after = rows[rows.length - 1]?.runIndex ?? after
    if (rows.length < pageSize) return
  }
}

/** Marks jobs left `running` or `queued` (by a process that is gone) as `interrupted`. */
export async function markInterruptedJobs(h: Handle): Promise<number> {
  const rows = await h
    .update(batchJobs)
    .set({ status: 'interrupted' })
    .where(inArray(batchJobs.status, ['running', 'queued']))
    .returning({ id: batchJobs.id })
  return rows.length
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
  // `metrics->>'key'` as a number; the key is spliced, so it must pass SAFE_KEY first.
  const numberAt = (column: AnyPgColumn, key: string): SQL =>
    sql`(${column}->>'${sql.raw(key)}')::float8`
  const where: SQL[] = [eq(batchJobRuns.batchJobId, jobId)]
  for (const f of query.where) {
    if (!SAFE_KEY.test(f.metric)) throw new Error(`unsafe metric key ${f.metric}`)
    where.push(sql`${numberAt(batchJobRuns.metrics, f.metric)} ${sql.raw(f.op)} ${f.value}`)
  }
  const order: SQL[] = []
  if (query.sort) {
    if (!SAFE_KEY.test(query.sort.by)) throw new Error(`unsafe sort key ${query.sort.by}`)
    const column = query.sort.isVariable ? batchJobRuns.variables : batchJobRuns.metrics
    const dir = sql.raw(query.sort.dir === 'asc' ? 'ASC' : 'DESC')
    order.push(sql`${numberAt(column, query.sort.by)} ${dir} NULLS LAST`)
  }
  const [total] = await h
    .select({ n: sql`count(*)::int`.mapWith(Number) })
    .from(batchJobRuns)
    .where(and(...where))
  const runs = await h
    .select(RUN_COLUMNS)
    .from(batchJobRuns)
    .where(and(...where))
    .orderBy(...order, asc(batchJobRuns.runIndex))
    .limit(query.limit)
    .offset(query.offset)
  return { total: total?.n ?? 0, runs }
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
  const rows = await h.delete(batchJobs).where(eq(batchJobs.id, id)).returning({ id: batchJobs.id })
  return rows.length > 0
}

type ListRecord = typeof variableLists.$inferSelect

/** A saved variable list. */
export type StoredVariableList = Pick<
  ListRecord,
  'id' | 'name' | 'type' | 'values' | 'description'
> & { updatedAt: string }

const LIST_COLUMNS = {
  id: variableLists.id,
  name: variableLists.name,
  type: variableLists.type,
  values: variableLists.values,
  description: variableLists.description,
  updatedAt: variableLists.updatedAt,
}

function toList(r: Pick<ListRecord, keyof typeof LIST_COLUMNS>): StoredVariableList {
  return { ...r, updatedAt: r.updatedAt.toISOString() }
}

/** Live variable lists by name. */
export async function listVariableLists(h: Handle): Promise<StoredVariableList[]> {
  const rows = await h
    .select(LIST_COLUMNS)
    .from(variableLists)
    .where(isNull(variableLists.deletedAt))
    .orderBy(asc(variableLists.name))
  return rows.map(toList)
}

/** One live variable list, or null. */
export async function getVariableList(h: Handle, id: string): Promise<StoredVariableList | null> {
  const [row] = await h
    .select(LIST_COLUMNS)
    .from(variableLists)
    .where(and(eq(variableLists.id, id), isNull(variableLists.deletedAt)))
  return row ? toList(row) : null
}

/** Inserts or updates a variable list by id. */
export async function upsertVariableList(
  h: Handle,
  list: Omit<StoredVariableList, 'updatedAt'>,
): Promise<StoredVariableList> {
  const fields = {
    name: list.name,
    type: list.type,
    values: list.values,
    description: list.description,
  }
  const [row] = await h
    .insert(variableLists)
    .values({ id: list.id, ...fields })
    .onConflictDoUpdate({ target: variableLists.id, set: { ...fields, deletedAt: null } })
    .returning(LIST_COLUMNS)
  if (!row) throw new Error(`could not store variable list ${list.id}`)
  return toList(row)
}

/** Tombstones a variable list. */
export async function deleteVariableList(h: Handle, id: string): Promise<boolean> {
  const rows = await h
    .update(variableLists)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(variableLists.id, id), isNull(variableLists.deletedAt)))
    .returning({ id: variableLists.id })
  return rows.length > 0
}
