// `edgebook` on the command line: parses argv, opens the core in-process, calls the registry and
// prints JSON (`--json`) or text. The same contract as the UI: no feature lives only here.
import type { Channel, RawIn } from '../core/contract/index'
import type { Core } from '../core/core'
import { defaultDataDir } from '../core/data-dir'
import { AppError, fromWireError, toWireError } from '../core/errors'
import { opt, parseArgs, UsageError, type ParsedArgs } from './args'
import type { Command, CommandContext } from './command'
import { commands } from './commands/index'
import { tuneWasmTiering } from './startup'

function usage(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length))
  return [
    'Usage: edgebook [--data-dir DIR] <command> [options] [--json]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    `Data dir: --data-dir, else EDGEBOOK_DATA_DIR, else ${defaultDataDir()}`,
  ].join('\n')
}

/** The longest command path that prefixes the positionals. */
function findCommand(args: ParsedArgs): Command | undefined {
  let best: Command | undefined
  for (const command of commands) {
    const matches = command.path.every((word, i) => args.positionals[i] === word)
    if (matches && (!best || command.path.length > best.path.length)) best = command
  }
  return best
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage()}\n`)
    return 2
  }
  const isJson = args.flags.has('json')
  const command = findCommand(args)
  if (!command || args.flags.has('help')) {
    const options = command?.options?.length ? `\n\nOptions:\n${command.options.join('\n')}` : ''
    const out = `${command ? `Usage: ${command.usage}\n${command.summary}${options}` : usage()}\n`
    if (args.flags.has('help')) {
      process.stdout.write(out)
      return 0
    }
    process.stderr.write(
      args.positionals.length ? `Unknown command: ${args.positionals.join(' ')}\n\n${out}` : out,
    )
    return 2
  }
  args.positionals.splice(0, command.path.length)
  tuneWasmTiering(command.path)
  const dataDir = opt(args, 'data-dir') ?? defaultDataDir()
  let core: Core | null = null
  const ctx: CommandContext = {
    args,
    dataDir,
    isJson,
    async call<C extends Channel>(channel: C, input?: RawIn<C>) {
      // Loaded on first use: `--help`, `db check` and the server commands never load the core.
      const { openCore } = await import('../core/core')
      core ??= await openCore({
        dataDir,
        emit: (event, payload) => {
          if (!isJson && event.endsWith('-progress')) {
            const p = payload as { done: number; total: number; message?: string }
            process.stderr.write(`\r${p.message ?? event} ${p.done}/${p.total}`)
          }
        },
      })
      const result = await core.registry.invoke(channel, input)
      if (!result.ok) throw fromWireError(result.error)
      return result.value as never
    },
    print<T>(value: T, text?: (value: T) => string) {
      if (isJson || !text)
        process.stdout.write(`${JSON.stringify(value, null, isJson ? undefined : 2)}\n`)
      else process.stdout.write(`${text(value)}\n`)
    },
  }
  try {
    await command.run(ctx)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\nUsage: ${command.usage}\n`)
      return 2
    }
    const wire = toWireError(err)
    if (isJson) process.stdout.write(`${JSON.stringify({ ok: false, error: wire })}\n`)
    process.stderr.write(`edgebook: ${wire.code}: ${wire.message}\n`)
    if (wire.issues) {
      for (const issue of wire.issues)
        process.stderr.write(`  ${issue.path.join('.') || '(input)'}: ${issue.message}\n`)
    }
    const stack = wire.details?.stack
    if (!(err instanceof AppError) && typeof stack === 'string') process.stderr.write(`${stack}\n`)
    return wire.code === 'locked' ? 3 : 1
  } finally {
    if (core) await (core as Core).close()
  }
}

const code = await main(process.argv.slice(2))
process.exitCode = code
