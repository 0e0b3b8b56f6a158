import { openRemoteDb } from '../../../db/client'
import { migrateRemote } from '../../../db/migrate'
import { grantsSql, serverSetupSql } from '../../../db/sync/server-sql'
import type { SyncResult, SyncStatus } from '../../core/contract/sync'
import { redactUrl } from '../../core/sync/credentials'
import { localSchemaVersion } from '../../core/sync/schema-version'
import { opt, opts, requireOpt } from '../args'
import type { Command } from '../command'

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
    `last push   ${s.lastPushAt ?? '-'}`,
    `last pull   ${s.lastPullAt ?? '-'}`,
    ...(s.message ? [`message     ${s.message}`] : []),
  ].join('\n')
}

export const syncCommands: Command[] = [
  {
    path: ['sync', 'init-server'],
    usage:
      'edgebook sync init-server --url postgres://… [--print-grants] [--role NAME] [--account A]… [--json]',
    summary: 'Migrate a PostgreSQL server and install the sync log and functions',
    needsCore: false,
    async run(ctx) {
      const url = requireOpt(ctx.args, 'url')
      const version = localSchemaVersion()
      const remote = openRemoteDb(url)
      try {
        await migrateRemote(remote.db)
        await remote.pool.query(serverSetupSql(version))
      } finally {
        await remote.close()
      }
      const role = opt(ctx.args, 'role') ?? 'edgebook_sync'
      const grants = ctx.args.flags.has('print-grants')
        ? grantsSql(role, opts(ctx.args, 'account'))
        : null
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
      'edgebook [--data-dir DIR] sync [--url postgres://…] [--once] [--interval-ms N] [--json]',
    summary: 'Push local changes and pull others until both sides are empty (--once: one round)',
    needsCore: true,
    async run(ctx) {
      const url = opt(ctx.args, 'url')
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
