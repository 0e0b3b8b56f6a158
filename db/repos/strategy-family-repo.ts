import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Handle } from '../query'
import { probeStrategies, strategies } from '../schema/index'

/** A stored `probe_strategies` row, typed from the schema. */
type ProbeStrategyRecord = typeof probeStrategies.$inferSelect

/** What the implied-family comparison reads of a catalogue entry. */
export type CatalogueRuleRow = Pick<ProbeStrategyRecord, 'name' | 'strategyType' | 'details'>

/** The active catalogue entries, by name, with their family and stored details. */
export async function activeCatalogueRules(h: Handle): Promise<CatalogueRuleRow[]> {
  return h
    .select({
      name: probeStrategies.name,
      strategyType: probeStrategies.strategyType,
      details: probeStrategies.details,
    })
    .from(probeStrategies)
    .where(eq(probeStrategies.isActive, true))
    .orderBy(asc(probeStrategies.name))
}

/** Stores the family a saved strategy behaves like (null: none); false when no such strategy. */
export async function setImpliedFamily(
  h: Handle,
  strategyId: string,
  family: string | null,
): Promise<boolean> {
  const rows = await h
    .update(strategies)
    .set({ impliedStrategyFamily: family })
    .where(and(eq(strategies.id, strategyId), isNull(strategies.deletedAt)))
    .returning({ id: strategies.id })
  return rows.length > 0
}
