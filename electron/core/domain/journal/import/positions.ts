import type { ImportedFill, ImportWarning, StatedPosition } from './types'

/** A contract of an account whose position a statement states, and the instant it holds at. */
export type PositionCheck = {
  account: string
  symbol: string
  /** Fills before this instant count. */
  asOfEnd: string
  asOfDate: string
  /** The stated position, or null where the statement lists the contract as flat. */
  stated: StatedPosition | null
  line: number
}

/**
 * What to compare against the journal: every stated position, plus each contract the file
 * trades in an account the statement covers but does not list (the statement says it is flat).
 */
export function positionChecks(
  stated: readonly StatedPosition[],
  fills: readonly ImportedFill[],
): PositionCheck[] {
  const key = (account: string, symbol: string): string => `${account}\u0000${symbol}`
  const listed = new Set(stated.map((p) => key(p.account, p.symbol)))
  const out: PositionCheck[] = stated.map((p) => ({
    account: p.account,
    symbol: p.symbol,
    asOfEnd: p.asOfEnd,
    asOfDate: p.asOfDate,
    stated: p,
    line: p.line,
  }))
  // The section speaks for its report date: use it for contracts it leaves out.
  const byAccount = new Map(stated.map((p) => [p.account, p]))
  const seen = new Set<string>()
  for (const f of fills) {
    const k = key(f.account, f.symbol)
    const ref = byAccount.get(f.account) ?? stated[0]
    if (listed.has(k) || seen.has(k) || ref === undefined) continue
    seen.add(k)
    out.push({
      account: f.account,
      symbol: f.symbol,
      asOfEnd: ref.asOfEnd,
      asOfDate: ref.asOfDate,
      stated: null,
      line: f.line,
    })
  }
  return out
}

/**
 * Warnings (`stated-position-differs`) where the journal's position of a contract, summed over
 * its live fills before the statement's date ends, is not what the statement states. `journal`
 * holds one quantity per check, in the order of `checks`.
 */
export function reconcilePositions(
  checks: readonly PositionCheck[],
  journal: readonly number[],
): ImportWarning[] {
  const warnings: ImportWarning[] = []
  checks.forEach((c, i) => {
    const held = journal[i] ?? 0
    const stated = c.stated?.qty ?? 0
    if (Math.abs(held - stated) < 1e-9) return
    const date = c.asOfDate
    const says =
      c.stated === null
        ? `lists no open position of ${c.symbol} in ${c.account} on ${date}`
        : `states a position of ${fmt(stated)} ${c.symbol} in ${c.account} on ${date}`
    warnings.push({
      line: c.line,
      code: 'stated-position-differs',
      message: `The statement ${says}; the journal's fills up to that day hold ${fmt(held)} (a difference of ${fmt(stated - held)}: fills missing from the journal, or from before its first import)`,
    })
  })
  return warnings
}

function fmt(qty: number): string {
  return String(Math.round(qty * 1e8) / 1e8)
}
