import { openRemoteDb } from '../../../db/client'
import { migrateRemote } from '../../../db/migrate'
import { checkRegistry } from '../../../db/registry/registry-check'
import type { SystemInfo } from '../../core/contract/system'
import { opt } from '../args'
import type { Command } from '../command'

function formatInfo(info: SystemInfo): string {
  const lines = [
    `Edgebook ${info.appVersion}`,
    `data dir        ${info.dataDir ?? '(in memory)'}`,
    `schema version  ${info.schemaVersion} (${info.migrations} migrations)`,
    `tables          ${info.totalTables}`,
  ]
  for (const s of info.schemas) {
    lines.push(
      `  ${s.schema.padEnd(14)} ${String(s.tables).padStart(4)} tables ${String(s.rows).padStart(9)} rows`,
    )
  }
  return lines.join('\n')
}

export const systemCommands: Command[] = [
  {
    path: ['info'],
    usage: 'edgebook [--data-dir DIR] info [--json]',
    summary: 'App and schema version, data dir, tables and rows per PG schema',
    needsCore: true,
    async run(ctx) {
      const info = await ctx.call('system-info', {})
      ctx.print(info, formatInfo)
    },
  },
  {
    path: ['db', 'migrate'],
    usage: 'edgebook [--data-dir DIR] db migrate [--url postgres://…] [--json]',
    summary: 'Apply pending migrations to the data dir, or to a PostgreSQL server with --url',
    needsCore: false,
    async run(ctx) {
      const url = opt(ctx.args, 'url')
      if (url) {
        const remote = openRemoteDb(url)
        try {
          await migrateRemote(remote.db)
        } finally {
          await remote.close()
        }
        ctx.print({ target: 'remote', migrated: true }, () => 'PostgreSQL server migrated.')
        return
      }
      // Opening the core applies pending migrations; system-info reports where it landed.
      const info = await ctx.call('system-info', {})
      ctx.print(
        {
          target: 'local',
          dataDir: info.dataDir,
          schemaVersion: info.schemaVersion,
          migrations: info.migrations,
        },
        () => `Data dir ${info.dataDir ?? ''} is at ${info.schemaVersion}.`,
      )
    },
  },
  {
    path: ['db', 'check'],
    usage: 'edgebook db check [--json]',
    summary: 'Check the schema registry against the seed documents and the migrations',
    needsCore: false,
    async run(ctx) {
      const report = await checkRegistry()
      ctx.print(report, () =>
        report.problems.length === 0
          ? `db check: ok (${report.tables} tables, ${report.seedTables} seed tables realised)`
          : `db check: ${report.problems.length} problem(s)\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
      )
      if (report.problems.length > 0) process.exitCode = 1
    },
  },
]
