import type { Channel, Out, RawIn } from '../core/contract/index'
import type { ParsedArgs } from './args'

/** What a command gets: its arguments and a lazily opened core over the data dir. */
export type CommandContext = {
  args: ParsedArgs
  dataDir: string
  isJson: boolean
  /** Calls a channel through the registry; an `{ok:false}` throws a `CliError`. */
  call<C extends Channel>(channel: C, input?: RawIn<C>): Promise<Out<C>>
  /** Prints a result: JSON with `--json`, else the text form. */
  print<T>(value: T, text?: (value: T) => string): void
}

export type Command = {
  /** Words that select the command, e.g. `['db', 'migrate']`. */
  path: string[]
  usage: string
  summary: string
  /** Lines describing each option, shown by `--help` after the summary. */
  options?: readonly string[]
  /** Whether the command opens the local data dir (most do). */
  needsCore: boolean
  run(ctx: CommandContext): Promise<void>
}
