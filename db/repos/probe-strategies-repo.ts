import { and, asc, eq, notInArray, sql } from 'drizzle-orm'
import type { CatalogueDetails } from '../../electron/core/domain/probes/catalogue'
import type { Handle } from '../query'
import { probeStrategies } from '../schema/index'

/** A stored `probe_strategies` row, typed from the schema. */
type ProbeStrategyRecord = typeof probeStrategies.$inferSelect

/** One catalogue strategy as stored: `details` is the entry's rule, orders, source and version. */
export type ProbeStrategyRow = Pick<
  ProbeStrategyRecord,
  'id' | 'name' | 'displayName' | 'philosophy' | 'strategyType' | 'direction' | 'isActive'
> & { details: CatalogueDetails }

/** What seeding writes for one entry (the row's natural key is `name`). */
export type ProbeStrategyWrite = Pick<
  ProbeStrategyRecord,
  'name' | 'displayName' | 'philosophy' | 'strategyType' | 'direction'
> & { details: CatalogueDetails }

/**
 * The catalogue version the table holds: the highest `details.catalogueVersion` of an active row,
 * 0 when nothing was seeded.
 */
export async function storedCatalogueVersion(h: Handle): Promise<number> {
  const [row] = await h
    .select({
      version: sql<number>`coalesce(max((${probeStrategies.details} ->> 'catalogueVersion')::int), 0)::int`,
    })
    .from(probeStrategies)
    .where(eq(probeStrategies.isActive, true))
  return Number(row?.version ?? 0)
}

/**
 * Inserts or updates rows by `name` (one statement) and marks them active; returns how many rows
 * were written.
 */
export async function upsertProbeStrategies(
  h: Handle,
  rows: ProbeStrategyWrite[],
): Promise<number> {
  if (rows.length === 0) return 0
  const written = await h
    .insert(probeStrategies)
    .values(rows.map((r) => ({ ...r, isActive: true })))
    .onConflictDoUpdate({
      target: probeStrategies.name,
      set: {
        displayName: sql`excluded.display_name`,
        philosophy: sql`excluded.philosophy`,
        strategyType: sql`excluded.strategy_type`,
        direction: sql`excluded.direction`,
        details: sql`excluded.details`,
        isActive: true,
      },
    })
    .returning({ id: probeStrategies.id })
  return written.length
}

/**
 * Marks every active row whose name is not in `names` inactive (never deleted: stored probe
 * results refer to them); returns how many changed.
 */
export async function deactivateProbeStrategiesExcept(h: Handle, names: string[]): Promise<number> {
  const changed = await h
    .update(probeStrategies)
    .set({ isActive: false })
    .where(
      and(
        eq(probeStrategies.isActive, true),
        names.length ? notInArray(probeStrategies.name, names) : undefined,
      ),
    )
    .returning({ id: probeStrategies.id })
  return changed.length
}

/** Catalogue rows by name: all, or one family, active only unless `withInactive`. */
export async function listProbeStrategies(
  h: Handle,
  filter: { family?: string | undefined; withInactive?: boolean | undefined } = {},
): Promise<ProbeStrategyRow[]> {
  const rows = await h
    .select({
      id: probeStrategies.id,
      name: probeStrategies.name,
      displayName: probeStrategies.displayName,
      philosophy: probeStrategies.philosophy,
      strategyType: probeStrategies.strategyType,
      direction: probeStrategies.direction,
      isActive: probeStrategies.isActive,
      details: probeStrategies.details,
    })
    .from(probeStrategies)
    .where(
      and(
        filter.withInactive ? undefined : eq(probeStrategies.isActive, true),
        filter.family === undefined ? undefined : eq(probeStrategies.strategyType, filter.family),
      ),
    )
    .orderBy(asc(probeStrategies.name))
  // `details` is written only by the catalogue seeding, as a CatalogueDetails document.
  return rows.map((r) => ({ ...r, details: r.details as CatalogueDetails }))
}
