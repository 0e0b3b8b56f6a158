import {
  centsToMoney,
  fixedToCents,
  fixedToNumber,
  mulDivFixed,
  mulFixed,
  toFixed,
  type Fixed,
} from './money'

/** One stored fill, as the campaign builder needs it. Quantities are signed (+ buy, − sell). */
export type CampaignFill = {
  id: string
  account: string
  /** The exact contract: campaigns never mix two contracts of one underlying. */
  symbol: string
  qty: number
  price: number
  /** Money per point per unit (100 for equity options, 5 for MES, 1 for stock). */
  multiplier: number
  commission: number
  fees: number
  /** Execution time, ISO-8601. */
  executedAt: string
  /** Tie order among fills with the same execution time: file (or import) order. */
  seq: number
  /** The broker's open/close marker, when it gave one. */
  openClose?: 'open' | 'close' | null
}

/** What a fill (or its part) did to the campaign it sits in. */
export type LegRole = 'open' | 'add' | 'reduce' | 'close' | 'orphan'

/** A fill's share of one campaign. A zero-crossing fill has one leg in each of two campaigns. */
export type CampaignLeg = {
  fillId: string
  executedAt: string
  /** Signed quantity of the fill that belongs to this campaign. */
  qty: number
  price: number
  /** This leg's share of the fill's commission plus fees, split by quantity. */
  fees: number
  role: LegRole
  /** Signed position right after this leg. */
  positionAfter: number
  /** True when the fill crossed zero and only part of it belongs here. */
  isSplit: boolean
}

/**
 * `open`: not flat yet; `closed`: flat to flat; `opening-unknown`: closing quantity with no open
 * lot in the data (the opening predates the file), kept out of P&L because its entry is unknown.
 */
export type CampaignStatus = 'open' | 'closed' | 'opening-unknown'

/** One round trip of one account in one contract, from flat to flat. */
export type Campaign = {
  /** Id of the campaign's first fill (seed 001 `campaign_fills.group_id`). */
  groupId: string
  account: string
  symbol: string
  side: 'long' | 'short'
  status: CampaignStatus
  openedAt: string
  closedAt: string | null
  /** Largest absolute position held. */
  maxPosition: number
  /** Total quantity opened (the opening fill plus adds), absolute. */
  qty: number
  /** Quantity closed by FIFO matching, absolute. */
  closedQty: number
  /** Signed quantity still open (unrealised); 0 when closed. */
  openQty: number
  avgEntryPrice: number | null
  avgExitPrice: number | null
  /** Realised P&L of the matched quantity, before costs; null when the entry is unknown. */
  grossPnl: number | null
  /** Commission plus fees of every leg (a split fill's share only). */
  fees: number
  /** `grossPnl − fees`; null when the entry is unknown. */
  netPnl: number | null
  /** The stop used for `rMultiple`, from the decision context of an opening leg. */
  stop: number | null
  /** Money at risk between the entries and the stop; null without a stop. */
  initialRisk: number | null
  /** `netPnl / initialRisk` for closed campaigns with a known stop. */
  rMultiple: number | null
  /** `closedAt − openedAt` in milliseconds; null while open. */
  holdingMs: number | null
  /** Fill ids in execution order (a split fill once). */
  fillIds: string[]
  legs: CampaignLeg[]
  /** Integer cents behind `grossPnl`/`fees`/`netPnl`, for exact sums. */
  cents: { gross: number | null; fees: number; net: number | null }
}

/** Options of `buildCampaigns`. */
export type BuildOptions = {
  /** Stop price per fill id, from the decision contexts' exit intents. */
  stops?: ReadonlyMap<string, number>
  /**
   * Leaves every campaign's `legs` empty (fill ids, money and quantities are still computed):
   * for writers that store memberships and summaries only, where building a leg object per
   * fill is most of the work. Not with `stops`, whose risk needs the legs.
   */
  isLean?: boolean
}

/** The key of one (account, exact symbol) series. */
export function seriesKey(account: string, symbol: string): string {
  return `${account}\u0000${symbol}`
}

/** Execution order: time, then tie order; the fill id last so the order is total. */
export function compareFills(a: CampaignFill, b: CampaignFill): number {
  const ta = Date.parse(a.executedAt)
  const tb = Date.parse(b.executedAt)
  if (ta !== tb) return ta - tb
  if (a.seq !== b.seq) return a.seq - b.seq
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * Groups fills into FIFO campaigns per (account, exact symbol). A campaign runs from flat to
 * flat; a fill that crosses zero closes one campaign and opens the next with its remainder, its
 * costs split by quantity. A fill the broker marks as closing while the series is flat opens an
 * `opening-unknown` campaign with no P&L. Zero-quantity fills are ignored.
 *
 * @returns campaigns ordered by series, then by opening.
 */
export function buildCampaigns(
  fills: readonly CampaignFill[],
  options: BuildOptions = {},
): Campaign[] {
  const bySeries = new Map<string, CampaignFill[]>()
  for (const fill of fills) {
    const key = seriesKey(fill.account, fill.symbol)
    let list = bySeries.get(key)
    if (!list) bySeries.set(key, (list = []))
    list.push(fill)
  }
  const keys = [...bySeries.keys()].sort()
  const out: Campaign[] = []
  for (const key of keys) {
    const list = bySeries.get(key) ?? []
    out.push(...buildSeries(list, options))
  }
  return out
}

type Lot = { fillId: string; qty: Fixed; price: Fixed; multiplier: Fixed }

type Draft = {
  groupId: string
  account: string
  symbol: string
  direction: 1n | -1n
  status: CampaignStatus
  openedAt: string
  closedAt: string | null
  maxPosition: Fixed
  opened: Fixed
  closed: Fixed
  entryNotional: Fixed
  exitNotional: Fixed
  gross: Fixed
  fees: Fixed
  legs: CampaignLeg[]
  /** Contract multiplier of each leg's fill, for the initial risk. */
  legMultipliers: number[]
  /** The fills of the campaign in order, each once. */
  fillIds: string[]
  /** Signed position after the last fill. */
  lastPosition: Fixed
}

/** Builds the campaigns of one series (fills of a single account and symbol, any order). */
export function buildSeries(
  fills: readonly CampaignFill[],
  options: BuildOptions = {},
): Campaign[] {
  // Parse each time once: the comparator would otherwise parse it O(log n) times.
  const keyed = fills.map((fill) => ({ fill, ms: Date.parse(fill.executedAt) }))
  keyed.sort(
    (a, b) =>
      a.ms - b.ms ||
      a.fill.seq - b.fill.seq ||
      (a.fill.id < b.fill.id ? -1 : a.fill.id > b.fill.id ? 1 : 0),
  )
  const sorted = keyed.map((k) => k.fill)
  const isLean = options.isLean === true && !options.stops
  const done: Draft[] = []
  const lots: Lot[] = []
  let lotHead = 0
  let position: Fixed = 0n
  let current: Draft | null = null

  const startDraft = (
    fill: CampaignFill,
    qty: Fixed,
    fees: Fixed,
    isSplit: boolean,
    isOrphan: boolean,
  ): Draft => {
    const multiplier = toFixed(fill.multiplier)
    const price = toFixed(fill.price)
    const abs = qty < 0n ? -qty : qty
    const draft: Draft = {
      groupId: fill.id,
      account: fill.account,
      symbol: fill.symbol,
      // An orphan's fill closes a position of the opposite side: a sell to close ends a long.
      direction: qty > 0n !== isOrphan ? 1n : -1n,
      status: isOrphan ? 'opening-unknown' : 'open',
      openedAt: fill.executedAt,
      closedAt: isOrphan ? fill.executedAt : null,
      maxPosition: abs,
      opened: isOrphan ? 0n : abs,
      closed: isOrphan ? abs : 0n,
      entryNotional: isOrphan ? 0n : mulFixed(abs, price),
      exitNotional: isOrphan ? mulFixed(abs, price) : 0n,
      gross: 0n,
      fees,
      legs: isLean
        ? []
        : [
            {
              fillId: fill.id,
              executedAt: fill.executedAt,
              qty: fixedToNumber(qty),
              price: fill.price,
              fees: fixedToNumber(fees),
              role: isOrphan ? 'orphan' : 'open',
              positionAfter: isOrphan ? 0 : fixedToNumber(qty),
              isSplit,
            },
          ],
      legMultipliers: isLean ? [] : [fill.multiplier],
      fillIds: [fill.id],
      lastPosition: isOrphan ? 0n : qty,
    }
    if (!isOrphan) lots.push({ fillId: fill.id, qty: abs, price, multiplier })
    return draft
  }

  for (const fill of sorted) {
    const qty = toFixed(fill.qty)
    if (qty === 0n) continue
    const feeTotal = toFixed(fill.commission) + toFixed(fill.fees)
    const price = toFixed(fill.price)
    const multiplier = toFixed(fill.multiplier)
    const absQty = qty < 0n ? -qty : qty

    if (position === 0n || current === null) {
      const isOrphan = fill.openClose === 'close'
      const draft = startDraft(fill, qty, feeTotal, false, isOrphan)
      if (isOrphan) done.push(draft)
      else {
        current = draft
        position = qty
      }
      continue
    }

    const sameWay = qty > 0n === position > 0n
    if (sameWay) {
      position += qty
      lots.push({ fillId: fill.id, qty: absQty, price, multiplier })
      current.opened += absQty
      current.entryNotional += mulFixed(absQty, price)
      current.fees += feeTotal
      const absPos = position < 0n ? -position : position
      if (absPos > current.maxPosition) current.maxPosition = absPos
      current.fillIds.push(fill.id)
      current.lastPosition = position
      if (isLean) continue
      current.legMultipliers.push(fill.multiplier)
      current.legs.push({
        fillId: fill.id,
        executedAt: fill.executedAt,
        qty: fill.qty,
        price: fill.price,
        fees: fixedToNumber(feeTotal),
        role: 'add',
        positionAfter: fixedToNumber(position),
        isSplit: false,
      })
      continue
    }

    // The fill reduces, closes or crosses the position: match against the oldest lots first.
    const absPos = position < 0n ? -position : position
    const closeQty = absQty < absPos ? absQty : absPos
    let toMatch = closeQty
    const exitValue = mulFixed(price, multiplier)
    while (toMatch > 0n) {
      const lot = lots[lotHead]
      if (!lot) throw new Error('FIFO invariant broken: position without lots')
      const take = lot.qty < toMatch ? lot.qty : toMatch
      const entryValue = mulFixed(lot.price, lot.multiplier)
      current.gross += current.direction * mulFixed(take, exitValue - entryValue)
      lot.qty -= take
      toMatch -= take
      if (lot.qty === 0n) lotHead += 1
    }
    const isCrossing = absQty > absPos
    const closeFees = isCrossing ? mulDivFixed(feeTotal, closeQty, absQty) : feeTotal
    const signedClose = qty > 0n ? closeQty : -closeQty
    position += signedClose
    current.closed += closeQty
    current.exitNotional += mulFixed(closeQty, price)
    current.fees += closeFees
    current.fillIds.push(fill.id)
    current.lastPosition = position
    if (!isLean) {
      current.legMultipliers.push(fill.multiplier)
      current.legs.push({
        fillId: fill.id,
        executedAt: fill.executedAt,
        qty: fixedToNumber(signedClose),
        price: fill.price,
        fees: fixedToNumber(closeFees),
        role: position === 0n ? 'close' : 'reduce',
        positionAfter: fixedToNumber(position),
        isSplit: isCrossing,
      })
    }
    if (position !== 0n) continue

    current.status = 'closed'
    current.closedAt = fill.executedAt
    done.push(current)
    current = null
    lots.length = 0
    lotHead = 0
    if (isCrossing) {
      const rest = qty - signedClose
      const isOrphan = fill.openClose === 'close'
      const draft = startDraft(fill, rest, feeTotal - closeFees, true, isOrphan)
      if (isOrphan) done.push(draft)
      else {
        current = draft
        position = rest
      }
    }
    if (lotHead > 1024 && lotHead * 2 > lots.length) {
      lots.splice(0, lotHead)
      lotHead = 0
    }
  }
  if (current) done.push(current)
  return done.map((draft) => finish(draft, options))
}

/** One campaign's membership: its group id (first fill) and its fill ids in replay order. */
export type Membership = { groupId: string; fillIds: string[] }

/**
 * The campaign membership `buildSeries` gives, without the money: only positions are tracked
 * (in the same fixed-point units), so a first import of 100k fills is grouped several times
 * faster. A property test holds the two to the same answer.
 */
export function groupSeries(fills: readonly CampaignFill[]): Membership[] {
  const keyed = fills.map((fill) => ({ fill, ms: Date.parse(fill.executedAt) }))
  keyed.sort(
    (a, b) =>
      a.ms - b.ms ||
      a.fill.seq - b.fill.seq ||
      (a.fill.id < b.fill.id ? -1 : a.fill.id > b.fill.id ? 1 : 0),
  )
  const out: Membership[] = []
  let position: Fixed = 0n
  let current: Membership | null = null
  // Opens a campaign with `fill` (or its remainder); an orphan closes at once, alone.
  const open = (fill: CampaignFill, qty: Fixed): void => {
    const group: Membership = { groupId: fill.id, fillIds: [fill.id] }
    if (fill.openClose === 'close') out.push(group)
    else {
      current = group
      position = qty
    }
  }
  for (const { fill } of keyed) {
    const qty = toFixed(fill.qty)
    if (qty === 0n) continue
    if (position === 0n || current === null) {
      open(fill, qty)
      continue
    }
    const group: Membership = current
    if (group.fillIds[group.fillIds.length - 1] !== fill.id) group.fillIds.push(fill.id)
    if (qty > 0n === position > 0n) {
      position += qty
      continue
    }
    const absQty = qty < 0n ? -qty : qty
    const absPos = position < 0n ? -position : position
    if (absQty < absPos) {
      position += qty
      continue
    }
    out.push(group)
    current = null
    const rest = qty + position
    position = 0n
    if (rest !== 0n) open(fill, rest)
  }
  if (current) out.push(current)
  return out
}

function finish(draft: Draft, options: BuildOptions): Campaign {
  const isUnknown = draft.status === 'opening-unknown'
  const grossCents = isUnknown ? null : fixedToCents(draft.gross)
  const feesCents = fixedToCents(draft.fees)
  const netCents = isUnknown ? null : fixedToCents(draft.gross - draft.fees)
  const fillIds = draft.fillIds
  const openQty = draft.status === 'open' ? fixedToNumber(draft.lastPosition) : 0

  let stop: number | null = null
  let initialRisk: number | null = null
  if (!isUnknown && options.stops) {
    const opening: { leg: CampaignLeg; multiplier: number }[] = []
    draft.legs.forEach((leg, i) => {
      if (leg.role === 'open' || leg.role === 'add') {
        opening.push({ leg, multiplier: draft.legMultipliers[i] ?? 1 })
      }
    })
    for (const { leg } of opening) {
      const found = options.stops.get(leg.fillId)
      if (found !== undefined) {
        stop = found
        break
      }
    }
    if (stop !== null) {
      let risk: Fixed = 0n
      const stopFixed = toFixed(stop)
      for (const { leg, multiplier } of opening) {
        const gap = toFixed(leg.price) - stopFixed
        const absGap = gap < 0n ? -gap : gap
        const absQty = toFixed(Math.abs(leg.qty))
        risk += mulFixed(mulFixed(absGap, absQty), toFixed(multiplier))
      }
      initialRisk = centsToMoney(fixedToCents(risk))
    }
  }
  const net = netCents === null ? null : centsToMoney(netCents)
  const rMultiple =
    draft.status === 'closed' && net !== null && initialRisk !== null && initialRisk > 0
      ? net / initialRisk
      : null
  const openedMs = Date.parse(draft.openedAt)
  return {
    groupId: draft.groupId,
    account: draft.account,
    symbol: draft.symbol,
    side: draft.direction > 0n ? 'long' : 'short',
    status: draft.status,
    openedAt: draft.openedAt,
    closedAt: draft.closedAt,
    maxPosition: fixedToNumber(draft.maxPosition),
    qty: fixedToNumber(draft.opened),
    closedQty: fixedToNumber(draft.closed),
    openQty: openQty ?? 0,
    avgEntryPrice: draft.opened > 0n ? ratio(draft.entryNotional, draft.opened) : null,
    avgExitPrice: draft.closed > 0n ? ratio(draft.exitNotional, draft.closed) : null,
    grossPnl: grossCents === null ? null : centsToMoney(grossCents),
    fees: centsToMoney(feesCents),
    netPnl: net,
    stop,
    initialRisk,
    rMultiple,
    holdingMs: draft.closedAt === null ? null : Date.parse(draft.closedAt) - openedMs,
    fillIds,
    legs: draft.legs,
    cents: { gross: grossCents, fees: feesCents, net: netCents },
  }
}

function ratio(numerator: Fixed, denominator: Fixed): number {
  return fixedToNumber(numerator) / fixedToNumber(denominator)
}

/** What `rebuildIncremental` reused and recomputed. */
export type IncrementalResult = {
  /** The campaigns of the affected series, in order: reused prefix, then rebuilt ones. */
  campaigns: Campaign[]
  /** Series keys that were recomputed. */
  rebuiltSeries: string[]
  /** How many stored campaigns were kept as they were. */
  reused: number
  /** How many fills were replayed through the FIFO matcher. */
  replayedFills: number
}

/**
 * Rebuilds only what new fills can change. For each series touched by `changed`, the stored
 * campaigns that closed strictly before the earliest changed fill (and do not end in a
 * zero-crossing fill) are kept: the position was flat after them, so FIFO restarts there and
 * only later fills are replayed. Series not touched by `changed` are not returned.
 *
 * @param existing the stored campaigns of (at least) the affected series
 * @param seriesFills every fill of the affected series, old and new
 * @param changed the fills added since `existing` was built
 */
export function rebuildIncremental(
  existing: readonly Campaign[],
  seriesFills: readonly CampaignFill[],
  changed: readonly CampaignFill[],
  options: BuildOptions = {},
): IncrementalResult {
  const earliest = new Map<string, number>()
  for (const fill of changed) {
    const key = seriesKey(fill.account, fill.symbol)
    const at = Date.parse(fill.executedAt)
    const prev = earliest.get(key)
    if (prev === undefined || at < prev) earliest.set(key, at)
  }
  const existingBySeries = new Map<string, Campaign[]>()
  for (const campaign of existing) {
    const key = seriesKey(campaign.account, campaign.symbol)
    if (!earliest.has(key)) continue
    let list = existingBySeries.get(key)
    if (!list) existingBySeries.set(key, (list = []))
    list.push(campaign)
  }
  const fillsBySeries = new Map<string, CampaignFill[]>()
  for (const fill of seriesFills) {
    const key = seriesKey(fill.account, fill.symbol)
    if (!earliest.has(key)) continue
    let list = fillsBySeries.get(key)
    if (!list) fillsBySeries.set(key, (list = []))
    list.push(fill)
  }
  const campaigns: Campaign[] = []
  let reused = 0
  let replayedFills = 0
  const rebuiltSeries = [...earliest.keys()].sort()
  for (const key of rebuiltSeries) {
    const cutoff = earliest.get(key) ?? -Infinity
    const stored = [...(existingBySeries.get(key) ?? [])].sort(
      (a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt),
    )
    const kept: Campaign[] = []
    for (const campaign of stored) {
      if (campaign.status === 'open' || campaign.closedAt === null) break
      if (Date.parse(campaign.closedAt) >= cutoff) break
      kept.push(campaign)
    }
    // A kept campaign that ends in a crossing fill shares that fill with the next one: drop it so
    // the replay starts from a fill that belongs wholly to the rebuilt part.
    for (;;) {
      const last = kept[kept.length - 1]
      if (!last?.legs[last.legs.length - 1]?.isSplit) break
      kept.pop()
    }
    const keptIds = new Set<string>()
    for (const campaign of kept) for (const id of campaign.fillIds) keptIds.add(id)
    const replay = (fillsBySeries.get(key) ?? []).filter((fill) => !keptIds.has(fill.id))
    replayedFills += replay.length
    reused += kept.length
    campaigns.push(...kept, ...buildSeries(replay, options))
  }
  return { campaigns, rebuiltSeries, reused, replayedFills }
}
