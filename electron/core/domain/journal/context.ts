import type { Campaign } from './campaigns/fifo-campaigns'

/** One feeling with its intensity (1 mild … 5 overwhelming). */
export type Feeling = { feeling: string; intensity: number }

/** A planned exit: price target, stop price, and a time to be out by (ISO). */
export type ExitIntent = { target: number | null; stop: number | null; time: string | null }

/** The free fields of a decision context, as stored. */
export type ContextFields = {
  hypothesis: string | null
  exitIntent: ExitIntent | null
  feelingsThen: Feeling[]
  feelingsNow: Feeling[]
  notes: string | null
}

/** A save of a decision context: a field left out keeps its value, null clears it. */
export type ContextPatch = {
  hypothesis?: string | null | undefined
  exitIntent?:
    | {
        target?: number | null | undefined
        stop?: number | null | undefined
        time?: string | null | undefined
      }
    | null
    | undefined
  feelingsThen?: Feeling[] | undefined
  feelingsNow?: Feeling[] | undefined
  notes?: string | null | undefined
}

/**
 * The fields a context has after `patch`: each field left out keeps its previous value (or the
 * empty one on a first save); a given exit intent replaces the old one whole, its missing parts
 * null.
 */
export function mergeContext(previous: ContextFields | null, patch: ContextPatch): ContextFields {
  const keep = <T>(value: T | undefined, old: T): T => (value === undefined ? old : value)
  const intent = patch.exitIntent
  return {
    hypothesis: keep(patch.hypothesis, previous?.hypothesis ?? null),
    exitIntent:
      intent === undefined
        ? (previous?.exitIntent ?? null)
        : intent === null
          ? null
          : { target: intent.target ?? null, stop: intent.stop ?? null, time: intent.time ?? null },
    feelingsThen: keep(patch.feelingsThen, previous?.feelingsThen ?? []),
    feelingsNow: keep(patch.feelingsNow, previous?.feelingsNow ?? []),
    notes: keep(patch.notes, previous?.notes ?? null),
  }
}

/** `current` with every field `patch` gives (not undefined); keys `current` lacks are ignored. */
export function patchFields<T extends object>(current: T, patch: { [K in keyof T]?: T[K] }): T {
  const next = { ...current }
  for (const key of Object.keys(current) as (keyof T)[]) {
    const value = patch[key]
    if (value !== undefined) next[key] = value
  }
  return next
}

/** Where a fill's campaign stood just before the fill. */
export type PositionBefore = {
  /** Signed position of the campaign before the fill; 0 when the fill opens it. */
  positionBefore: number
  /** Average price of the opening and adding legs before the fill; null when there are none. */
  avgEntryBefore: number | null
}

/**
 * The position and average entry of the campaign holding `fill` just before it, from the
 * campaign's legs: the leg of the fill is found by id in the campaigns of the same account and
 * symbol. A fill in no campaign stands before a flat position.
 */
export function positionBeforeFill(
  campaigns: readonly Campaign[],
  fill: { id: string; account: string; symbol: string },
): PositionBefore {
  for (const campaign of campaigns) {
    if (campaign.account !== fill.account || campaign.symbol !== fill.symbol) continue
    const index = campaign.legs.findIndex((leg) => leg.fillId === fill.id)
    if (index < 0) continue
    const positionBefore = index > 0 ? (campaign.legs[index - 1]?.positionAfter ?? 0) : 0
    let qty = 0
    let notional = 0
    for (const leg of campaign.legs.slice(0, index)) {
      if (leg.role !== 'open' && leg.role !== 'add') continue
      qty += Math.abs(leg.qty)
      notional += Math.abs(leg.qty) * leg.price
    }
    return { positionBefore, avgEntryBefore: qty > 0 ? notional / qty : null }
  }
  return { positionBefore: 0, avgEntryBefore: null }
}
