import { readFileSync } from 'node:fs'
import { openRemoteDb } from '../../../db/client'
import { migrateRemote } from '../../../db/migrate'
import { grantsSql, serverSetupSql, UnsafeSqlTextError } from '../../../db/sync/server-sql'
import type { SyncResult, SyncStatus } from '../../core/contract/sync'
import { redactUrl } from '../../core/sync/credentials'
import { localSchemaVersion } from '../../core/sync/schema-version'
import { opt, opts, UsageError, type ParsedArgs } from '../args'
import type { Command } from '../command'

/** Reads the server URL from a file: its first non-empty line (the file stays out of `ps`). */
function readUrlFile(path: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`--url-file ${path}: ${(err as Error).message}`)
  }
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '')
  if (!line) throw new UsageError(`--url-file ${path}: the file is empty`)
  return line.trim()
}

/** Asks for the URL on the terminal without echoing it (it may hold a password). */
async function promptUrl(question: string): Promise<string> {
  const { stdin, stderr } = process
  stderr.write(question)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = ''
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData)
            stderr.write('\n')
            resolve(value.trim())
            return
          }
          if (ch === '\u0003') {
            stdin.off('data', onData)
            reject(new UsageError('cancelled'))
            return
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
          else value += ch
        }
      }
      stdin.on('data', onData)
    })
  } finally {
    stdin.setRawMode(false)
    stdin.pause()
  }
}

/**
 * The server URL: `--url-file`, else `--url` (visible to other local users in the process list),
 * else (for commands that take no stored URL) `EDGEBOOK_SYNC_URL`, else a prompt when stdin is a
 * terminal. Undefined when none of them applies.
 */
export async function serverUrl(
  args: ParsedArgs,
  isStandalone: boolean,
): Promise<string | undefined> {
  const file = opt(args, 'url-file')
  if (file !== undefined) return readUrlFile(file)
  const given = opt(args, 'url')
  if (given !== undefined) return given
  if (!isStandalone) return undefined
  const fromEnv = process.env.EDGEBOOK_SYNC_URL
  if (fromEnv) return fromEnv
  if (process.stdin.isTTY) return promptUrl('Sync server URL (not echoed): ')
  return undefined
}

function grantsFor(role: string, accounts: string[]): string {
  try {
    return grantsSql(role, accounts)
  } catch (err) {
    if (err instanceof UnsafeSqlTextError)
      throw new UsageError(`--${err.field === 'account' ? 'account' : 'role'}: ${err.message}`)
    throw err
  }
}

function formatResult(r: SyncResult): string {
  return `pushed ${r.pushed}, pulled ${r.pulled}, conflicts ${r.conflicts}, pending ${r.pending}, cursor ${r.cursor}`
}

function formatStatus(s: SyncStatus): string {
  return [
    `state       ${s.state}${s.reason ? ` (${s.reason})` : ''}`,
    `server      ${s.server ?? '(none)'}`,
    `device      ${s.deviceId}`,
    `cursor      ${s.cursor}`,
    `pending     ${s.pending}`,
    `conflicts   ${s.unresolvedConflicts}`,
    `quarantined ${s.quarantined}${s.quarantined > 0 ? ' (pulled changes set aside: sync.sync_quarantine)' : ''}`,
    `last push   ${s.lastPushAt ?? '-'}`,
    `last pull   ${s.lastPullAt ?? '-'}`,
    ...(s.message ? [`message     ${s.message}`] : []),
  ].join('\n')
}

export const syncCommands: Command[] = [
  {
    path: ['sync', 'init-server'],
    usage:
      'edgebook sync init-server [--url-file FILE | --url postgres://…] [--print-grants] [--role NAME] [--account A]… [--json]\n' +
      '  The URL (with its password) comes from --url-file, --url, EDGEBOOK_SYNC_URL or a prompt;\n' +
      '  --url is visible to other local users in the process list: prefer the others.',
    summary: 'Migrate a PostgreSQL server and install the sync log and functions',
    needsCore: false,
    async run(ctx) {
      const role = opt(ctx.args, 'role') ?? 'edgebook_sync'
      // Checked before the server is touched: a bad name changes nothing.
      const grants = ctx.args.flags.has('print-grants')
        ? grantsFor(role, opts(ctx.args, 'account'))
        : null
      const url = await serverUrl(ctx.args, true)
      if (url === undefined)
        throw new UsageError('a server URL is required: --url-file, EDGEBOOK_SYNC_URL or --url')
      const version = localSchemaVersion()
      const remote = openRemoteDb(url)
      try {
        await migrateRemote(remote.db)
        await remote.pool.query(serverSetupSql(version))
      } finally {
        await remote.close()
      }
      ctx.print({ server: redactUrl(url), schemaVersion: version, grants }, () =>
        [`Sync server ready at ${redactUrl(url)} (schema ${version}).`, grants ?? '']
          .filter(Boolean)
          .join('\n\n'),
      )
    },
  },
  {
    path: ['sync', 'status'],
    usage: 'edgebook [--data-dir DIR] sync status [--json]',
    summary: 'Device, cursor, pending rows, last push and pull, conflicts',
    needsCore: true,
    async run(ctx) {
      const status = await ctx.call('sync-status', {})
      ctx.print(status, formatStatus)
    },
  },
  {
    path: ['sync'],
    usage:
      'edgebook [--data-dir DIR] sync [--url-file FILE | --url postgres://…] [--once] [--interval-ms N] [--json]\n' +
      '  The URL comes from --url-file, --url (visible to other local users in the process list),\n' +
      '  or else EDGEBOOK_SYNC_URL or the stored credentials.',
    summary: 'Push local changes and pull others until both sides are empty (--once: one round)',
    needsCore: true,
    async run(ctx) {
      const url = await serverUrl(ctx.args, false)
      const input = { ...(url ? { url } : {}), reason: 'cli' as const }
      if (ctx.args.flags.has('once')) {
        ctx.print(await ctx.call('sync-now', input), formatResult)
        return
      }
      const intervalMs = Number(opt(ctx.args, 'interval-ms') ?? 10_000)
      let stop = false
      process.once('SIGINT', () => {
        stop = true
      })
      while (!stop) {
        try {
          ctx.print(await ctx.call('sync-now', input), formatResult)
        } catch (err) {
          process.stderr.write(`edgebook: sync: ${(err as Error).message}\n`)
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
      }
    },
  },
]
