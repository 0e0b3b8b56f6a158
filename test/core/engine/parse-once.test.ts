import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// A backtest spec is validated once, by its channel's schema in `registry.invoke`; the engine
// workers receive the parsed value. Proof without spies: the worker as shipped (out/main/engine.js
// and every chunk it imports, built by `npm run build:fast`) holds no validator and no contract
// module, so it cannot parse a spec; and in the core only the readers of stored data (a saved
// strategy, a resumed job's spec) import the spec schema.
const root = resolve(import.meta.dirname, '../../..')

/** The source modules bundled into `entry` and the chunks it imports, by their region comments. */
function bundledModules(entry: string): string[] {
  const seen = new Set<string>()
  const modules: string[] = []
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^\/\/ ((?:electron|db|node_modules)\/\S+\.[cm]?[jt]s)$/gm)) {
      modules.push(m[1] as string)
    }
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      visit(resolve(dirname(file), m[1] as string))
    }
  }
  visit(entry)
  return modules
}

/** Every `.ts` file below `dir`, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(root, join(root, dir, f)))
}

describe('a backtest spec is parsed once', () => {
  it('the engine worker bundle holds the engine but no validator and no contract', () => {
    const entry = join(root, 'out/main/engine.js')
    expect(existsSync(entry), 'build first: npm run build:fast').toBe(true)
    const modules = bundledModules(entry)
    // The graph is the real one: the worker runs the domain's engine.
    expect(modules).toContain('electron/core/engine/worker.ts')
    expect(modules).toContain('electron/core/domain/backtest/run.ts')
    expect(modules.filter((m) => m.startsWith('node_modules/zod/'))).toEqual([])
    expect(modules.filter((m) => m.startsWith('electron/core/contract/'))).toEqual([])
  })

  it('in the core only the readers of stored specs and strategies import the spec schema', () => {
    const importers = ['electron/core/handlers', 'electron/core/services', 'electron/core/jobs']
      .concat(['electron/core/engine', 'electron/core/domain'])
      .flatMap(sources)
      .filter((file) =>
        /from '[./]+contract\/backtest-spec'/.test(readFileSync(join(root, file), 'utf8')),
      )
    expect(importers.sort()).toEqual([
      'electron/core/jobs/server-worker.ts', // a server job's stored spec, once per job per worker
      'electron/core/services/backtest/batch.ts', // a resumed job's stored spec
      'electron/core/services/backtest/optimise.ts', // a resumed optimiser's stored spec
      'electron/core/services/backtest/run.ts', // a saved strategy's stored rules
      'electron/core/services/probes/catalogue.ts', // the shipped catalogue's rules, when seeded
      'electron/core/services/probes/implied-family.ts', // catalogue entries' stored rules
      'electron/core/services/probes/run.ts', // a catalogue strategy's stored rules
    ])
  })
})
