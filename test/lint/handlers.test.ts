import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Handlers orchestrate only (issue 11): a few lines per channel, no SQL, no other handler. The
// lint rule refuses a handler import; these checks read the files themselves, so they also hold
// for what no lint rule sees (SQL text, channel size). Each check is a plain function of a file's
// text, shown to fire on a fixture before it is run on the real handlers.
const HANDLERS_DIR = resolve(import.meta.dirname, '../../electron/core/handlers')

/** The longest a channel's body may be, in lines from its key to the next key. */
const MAX_CHANNEL_LINES = 40

/** Module specifiers of the file's imports and re-exports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  )
}

/** Imports of a handler file that reach another handler file. */
function handlerImports(source: string): string[] {
  return specifiers(source).filter((s) => /^\.\/[^/]+$/.test(s) || /(^|\/)handlers\/[^/]+$/.test(s))
}

const SQL_PATTERNS: [string, RegExp][] = [
  ['sql template', /\bsql\s*`|\bsql\.raw\s*\(/],
  ['raw query call', /\.(query|exec|execute)\s*(<[^>]*>)?\s*\(/],
  [
    'SQL statement',
    /\b(SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+[\w.]+\s+SET|DELETE\s+FROM|TRUNCATE\s|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE|COPY\s+[\w.]+)/,
  ],
]

/** The kinds of SQL text a file holds. */
function sqlFound(source: string): string[] {
  return SQL_PATTERNS.filter(([, pattern]) => pattern.test(source)).map(([name]) => name)
}

/**
 * The channels of a handler file with their sizes: a channel is a quoted kebab-case key at the
 * indentation of the first such key, and runs to the next key (or the close of the object),
 * trailing blank lines left out.
 */
function channelSizes(source: string): { channel: string; lines: number }[] {
  const lines = source.split('\n')
  const keys: { channel: string; at: number }[] = []
  let indent: string | null = null
  lines.forEach((line, at) => {
    const m = /^(\s+)'([a-z][a-z0-9-]*)':/.exec(line)
    if (!m) return
    indent ??= m[1] as string
    if (m[1] === indent) keys.push({ channel: m[2] as string, at })
  })
  if (indent === null) return []
  const close = new RegExp(`^${(indent as string).slice(2)}}`)
  return keys.map((key, i) => {
    let end = keys[i + 1]?.at ?? lines.findIndex((l, at) => at > key.at && close.test(l))
    if (end < 0) end = lines.length
    while (end > key.at + 1 && (lines[end - 1] as string).trim() === '') end--
    return { channel: key.channel, lines: end - key.at }
  })
}

function oversize(file: string, source: string): string[] {
  return channelSizes(source)
    .filter((c) => c.lines > MAX_CHANNEL_LINES)
    .map((c) => `${file} ${c.channel}`)
}

const handlerFiles = readdirSync(HANDLERS_DIR).filter((f) => f.endsWith('.ts'))
const read = (file: string) => readFileSync(resolve(HANDLERS_DIR, file), 'utf8')

const fixture = [
  "import { journalHandlers } from './journal'",
  "import { syncHandlers } from '../handlers/sync'",
  "import { pingDb } from '../../../db/repos/system-repo'",
  "import { sql } from 'drizzle-orm'",
  '',
  'export function fixtureHandlers(deps: Deps) {',
  '  return {',
  "    'fixture-small': async () => pingDb(deps.db),",
  '',
  "    'fixture-sql': async () => {",
  "      const res = await deps.pg.query('SELECT count(*) FROM journal.trade_fills')",
  '      return res.rows',
  '    },',
  "    'fixture-long': async () => {",
  ...Array.from({ length: MAX_CHANNEL_LINES }, (_, i) => `      const v${i} = ${i}`),
  '      return { ok: true }',
  '    },',
  '  }',
  '}',
  '',
].join('\n')

describe('handler rules', () => {
  it('finds a handler importing another handler, and not a repo', () => {
    expect(handlerImports(fixture)).toEqual(['./journal', '../handlers/sync'])
  })

  it('finds SQL text in a handler', () => {
    expect(sqlFound(fixture)).toEqual(['raw query call', 'SQL statement'])
    expect(sqlFound('const q = sql`select 1`')).toEqual(['sql template'])
    expect(
      sqlFound("deps.emit('data-changed', { domains: ['fills'] }) // Deletes, selects"),
    ).toEqual([])
  })

  it('measures each channel from its key to the next', () => {
    expect(channelSizes(fixture)).toEqual([
      { channel: 'fixture-small', lines: 1 },
      { channel: 'fixture-sql', lines: 4 },
      { channel: 'fixture-long', lines: MAX_CHANNEL_LINES + 3 },
    ])
    expect(oversize('fixture.ts', fixture)).toEqual(['fixture.ts fixture-long'])
  })

  it('reads every handler file and finds its channels', () => {
    expect(handlerFiles.length).toBeGreaterThan(5)
    for (const file of handlerFiles)
      expect(channelSizes(read(file)).length, file).toBeGreaterThan(0)
  })

  it('no handler imports another handler', () => {
    const found = handlerFiles.flatMap((f) => handlerImports(read(f)).map((s) => `${f} → ${s}`))
    expect(found).toEqual([])
  })

  it('no handler holds SQL text', () => {
    const found = handlerFiles.flatMap((f) => sqlFound(read(f)).map((s) => `${f}: ${s}`))
    expect(found).toEqual([])
  })

  it(`no channel is over ${MAX_CHANNEL_LINES} lines`, () => {
    const found = handlerFiles.flatMap((f) => oversize(f, read(f)))
    expect(found).toEqual([])
  })
})
