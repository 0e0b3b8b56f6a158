import type { Command } from '../command'
import { syncCommands } from './sync'
import { systemCommands } from './system'
import { marketCommands } from './market'
import { backtestCommands } from './backtest'
import { fillsCommands } from './fills'
import { journalCommands } from './journal'
import { overfitCommands } from './overfit'
import { probeRunCommands } from './probe-runs'
import { optimiseCommands } from './optimise'
import { workerCommands } from './worker'
import { probesCommands } from './probes'

/** Every CLI command; each domain adds its list here. */
export const commands: Command[] = [
  ...systemCommands,
  ...syncCommands,
  ...marketCommands,
  ...backtestCommands,
  ...journalCommands,
  ...fillsCommands,
  ...overfitCommands,
  ...probeRunCommands,
  ...optimiseCommands,
  ...workerCommands,
  ...probesCommands,
]
