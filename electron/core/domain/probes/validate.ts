import { err, ok, type DomainError, type Result } from '../result'
import {
  STRATEGY_FAMILIES,
  type Catalogue,
  type CatalogueDirection,
  type CatalogueEntry,
} from './catalogue'

/** One problem found in a rule strategy or its orders, by path inside the entry. */
export type EntryIssue = { path: (string | number)[]; message: string }

/**
 * Checks an entry's `rules` and `orders` against the rule language (the contract's schemas do
 * this; the domain takes the check as a function so it stays free of the validator library).
 */
export type RuleCheck = (rules: unknown, orders: unknown) => EntryIssue[]

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/
const DIRECTIONS: readonly CatalogueDirection[] = ['long', 'short', 'both']
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Validates a parsed catalogue file: a positive whole `version` and `strategies`, each a
 * {@link CatalogueEntry} with a unique kebab-case name, a known family and direction, a non-empty
 * source and philosophy, rules that `checkRules` accepts, and `param` elements that each carry a
 * default inside `[min, max]` and a positive `step`. Fails with `invalid-catalogue`, every issue's
 * path starting with the file name and the entry (`["catalogue.json", "strategies", 3,
 * "turtle-system-1", "source"]`) and the message naming all three.
 */
export function validateCatalogue(
  raw: unknown,
  file: string,
  checkRules: RuleCheck,
): Result<Catalogue, DomainError> {
  const issues: EntryIssue[] = []
  const fail = (path: (string | number)[], message: string): void => {
    issues.push({ path: [file, ...path], message })
  }
  if (!isRecord(raw)) {
    fail([], 'a catalogue is an object with "version" and "strategies"')
  } else {
    const version = raw['version']
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      fail(['version'], 'must be a whole number >= 1')
    const list = raw['strategies']
    if (!Array.isArray(list) || list.length === 0) fail(['strategies'], 'must be a non-empty list')
    else {
      const seen = new Set<string>()
      list.forEach((entry: unknown, idx) => checkEntry(entry, idx, seen, fail, checkRules))
    }
  }
  if (issues.length) {
    const shown = issues.slice(0, 10).map((i) => `${formatPath(i.path)}: ${i.message}`)
    const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : ''
    return err({ code: 'invalid-catalogue', message: shown.join('; ') + more, issues })
  }
  return ok(raw as Catalogue)
}

function formatPath(path: (string | number)[]): string {
  const [file, ...rest] = path
  return `${String(file)}${rest.length ? ' ' : ''}${rest.join('.')}`
}

function checkEntry(
  entry: unknown,
  idx: number,
  seen: Set<string>,
  fail: (path: (string | number)[], message: string) => void,
  checkRules: RuleCheck,
): void {
  if (!isRecord(entry)) {
    fail(['strategies', idx], 'an entry is an object')
    return
  }
  const name = typeof entry['name'] === 'string' ? entry['name'] : ''
  const at = (...p: (string | number)[]): (string | number)[] => ['strategies', idx, name, ...p]
  if (!NAME.test(name) || name.length > 100) fail(at('name'), 'must be kebab-case, at most 100')
  else if (seen.has(name)) fail(at('name'), `"${name}" is already used by an earlier entry`)
  seen.add(name)
  const text = (key: keyof CatalogueEntry, max: number): void => {
    const v = entry[key]
    if (typeof v !== 'string' || v.trim() === '') fail(at(key), 'must be a non-empty string')
    else if (v.length > max) fail(at(key), `must be at most ${max} characters`)
  }
  text('displayName', 200)
  text('philosophy', 500)
  text('source', 1000)
  if (!(STRATEGY_FAMILIES as readonly unknown[]).includes(entry['strategyType']))
    fail(at('strategyType'), `must be one of ${STRATEGY_FAMILIES.join(', ')}`)
  if (!(DIRECTIONS as readonly unknown[]).includes(entry['direction']))
    fail(at('direction'), `must be one of ${DIRECTIONS.join(', ')}`)
  const known = new Set([
    'name',
    'displayName',
    'philosophy',
    'strategyType',
    'direction',
    'source',
    'rules',
    'orders',
  ])
  for (const k of Object.keys(entry)) if (!known.has(k)) fail(at(k), 'is not an entry field')
  for (const i of checkRules(entry['rules'], entry['orders'])) fail(at(...i.path), i.message)
  const rules = entry['rules']
  if (isRecord(rules) && Array.isArray(rules['elements'])) {
    rules['elements'].forEach((el: unknown, k) => {
      if (!isRecord(el) || el['type'] !== 'param') return
      const { default: d, min, max, step } = el
      const path = at('rules', 'elements', k)
      if (typeof min !== 'number' || typeof max !== 'number' || typeof step !== 'number') {
        fail(path, 'a catalogue parameter needs min, max and step')
      } else if (typeof d === 'number' && (d < min || d > max)) {
        fail([...path, 'default'], `must lie within [${min}, ${max}]`)
      }
    })
  }
}
