// Which catalogue family a trader's own strategy behaves like, read from how its per-bar returns
// line up with the catalogue entries' returns on the same bars (seed 001
// `strategies.implied_strategy_family`). A strategy is what it does, not what it is called: an
// "RSI strategy" that buys breakouts correlates with the breakout family, and is labelled so.

import { err, ok, type Result } from '../result'
import type { StrategyFamily } from './catalogue'

/** One catalogue entry's per-bar returns on a sample's bars. */
export type EntryReturns = { name: string; family: StrategyFamily; returns: Float64Array }

/** One symbol's bars: the trader's strategy and every catalogue entry, per-bar returns each. */
export type FamilySample = { symbol: string; own: Float64Array; entries: EntryReturns[] }

/** How closely one catalogue entry follows the trader's strategy, over the samples it could. */
export type EntryMatch = {
  name: string
  family: StrategyFamily
  /** Mean Pearson correlation of per-bar returns across the samples. */
  correlation: number
  /** Mean Jaccard overlap of the bars each is in the market (a return other than 0). */
  overlap: number
}

/** A family's score: the mean correlation of its best `TOP_PER_FAMILY` entries. */
export type FamilyScore = { family: StrategyFamily; score: number; best: string }

/** The answer: the implied family (null when none lines up), families ranked, best entries. */
export type ImpliedFamily = {
  family: StrategyFamily | null
  score: number
  families: FamilyScore[]
  matches: EntryMatch[]
  /** Samples used (a sample where the strategy never holds a position says nothing). */
  samples: number
}

/** Entries averaged per family: one lucky entry does not make a family. */
export const TOP_PER_FAMILY = 3

/** Below this family score no family is implied. */
export const MIN_FAMILY_SCORE = 0.3

/** Pearson correlation of two equal-length series; NaN when either is constant. */
export function correlation(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length)
  let sa = 0
  let sb = 0
  let count = 0
  for (let i = 0; i < n; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    sa += x
    sb += y
    count++
  }
  if (count < 2) return NaN
  const ma = sa / count
  const mb = sb / count
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue
    sab += (x - ma) * (y - mb)
    saa += (x - ma) ** 2
    sbb += (y - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/** Jaccard overlap of the bars two series are in the market (a non-zero return). */
export function marketOverlap(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length)
  let both = 0
  let either = 0
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) !== 0
    const y = (b[i] as number) !== 0
    if (x && y) both++
    if (x || y) either++
  }
  return either === 0 ? 0 : both / either
}

function isActive(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) if ((s[i] as number) !== 0) return true
  return false
}

/**
 * The family the trader's strategy behaves like across `samples`: each entry's correlation with
 * the strategy averaged over the samples where both move, each family scored by the mean of its
 * `TOP_PER_FAMILY` best entries, the best family implied when its score reaches `minScore`.
 * `no-activity` when the strategy never holds a position on any sample; `no-catalogue` when no
 * entry could be compared.
 */
export function impliedFamily(
  samples: readonly FamilySample[],
  minScore = MIN_FAMILY_SCORE,
): Result<ImpliedFamily> {
  const used = samples.filter((s) => isActive(s.own))
  if (used.length === 0) {
    return err({
      code: 'no-activity',
      message: 'the strategy holds no position on the bars compared, so it behaves like nothing',
    })
  }
  const sums = new Map<string, { family: StrategyFamily; c: number; o: number; n: number }>()
  for (const sample of used) {
    for (const entry of sample.entries) {
      const c = correlation(sample.own, entry.returns)
      if (!Number.isFinite(c)) continue
      const acc = sums.get(entry.name) ?? { family: entry.family, c: 0, o: 0, n: 0 }
      acc.c += c
      acc.o += marketOverlap(sample.own, entry.returns)
      acc.n++
      sums.set(entry.name, acc)
    }
  }
  if (sums.size === 0) {
    return err({ code: 'no-catalogue', message: 'no catalogue entry traded on the bars compared' })
  }
  const matches: EntryMatch[] = [...sums]
    .map(([name, a]) => ({ name, family: a.family, correlation: a.c / a.n, overlap: a.o / a.n }))
    .sort((x, y) => y.correlation - x.correlation || x.name.localeCompare(y.name))
  const byFamily = new Map<StrategyFamily, EntryMatch[]>()
  for (const m of matches) byFamily.set(m.family, [...(byFamily.get(m.family) ?? []), m])
  const families: FamilyScore[] = [...byFamily]
    .map(([family, ms]) => {
      const top = ms.slice(0, TOP_PER_FAMILY)
      const score = top.reduce((s, m) => s + m.correlation, 0) / top.length
      return { family, score, best: (top[0] as EntryMatch).name }
    })
    .sort((x, y) => y.score - x.score || x.family.localeCompare(y.family))
  const lead = families[0] as FamilyScore
  return ok({
    family: lead.score >= minScore ? lead.family : null,
    score: lead.score,
    families,
    matches: matches.slice(0, 10),
    samples: used.length,
  })
}
