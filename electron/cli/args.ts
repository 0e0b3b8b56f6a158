/** Parsed command line: positionals in order, options by name (repeatable ones as arrays). */
export type ParsedArgs = {
  positionals: string[]
  options: Map<string, string[]>
  flags: Set<string>
}

/** Options that never take a value. */
const BOOLEAN_FLAGS = new Set([
  'json',
  'help',
  'once',
  'yes',
  'dry-run',
  'force',
  'print-grants',
  'desc',
  'anchored',
  'with-inactive',
  'all',
])

/** Parses `argv` (without node and script): `--key value`, `--key=value`, `--flag`, positionals. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = []
  const options = new Map<string, string[]>()
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (BOOLEAN_FLAGS.has(name) && eq === -1) {
      flags.add(name)
      continue
    }
    let value: string | undefined
    if (eq !== -1) value = arg.slice(eq + 1)
    else {
      value = argv[i + 1]
      i++
    }
    if (value === undefined) throw new UsageError(`--${name} needs a value`)
    const list = options.get(name) ?? []
    list.push(value)
    options.set(name, list)
  }
  return { positionals, options, flags }
}

/** A mistake in how the command was called: printed with usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The last value of option `name`, or undefined. */
export function opt(args: ParsedArgs, name: string): string | undefined {
  const list = args.options.get(name)
  return list?.[list.length - 1]
}

/** Every value of a repeatable option. */
export function opts(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? []
}

/** The value of a required option, or a `UsageError`. */
export function requireOpt(args: ParsedArgs, name: string): string {
  const value = opt(args, name)
  if (value === undefined) throw new UsageError(`--${name} is required`)
  return value
}

/** An optional whole-number option; a usage error names the option when it is not one. */
export function intOpt(args: ParsedArgs, name: string): number | undefined {
  const value = opt(args, name)
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer`)
  return n
}
