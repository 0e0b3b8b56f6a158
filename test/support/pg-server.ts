import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

/** A throwaway PostgreSQL server on loopback. */
export type PgServer = { url: string; version: string; stop(): Promise<void> }

const PG_ROOT = '/usr/lib/postgresql'

/** The newest `/usr/lib/postgresql/<major>/bin` holding `initdb` and `pg_ctl`, or null. */
export function findPgBin(): string | null {
  if (!existsSync(PG_ROOT)) return null
  const majors = readdirSync(PG_ROOT)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a))
  for (const major of majors) {
    const bin = join(PG_ROOT, major, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return null
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailableReason(): string | null {
  return findPgBin()
    ? null
    : `no PostgreSQL server binaries under ${PG_ROOT}/*/bin (install the postgresql package)`
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts a fresh cluster: `initdb` into a temp dir, `pg_ctl start` on a free loopback port with
 * the unix socket inside the temp dir, then creates the database `edgebook`. PostgreSQL refuses
 * to run as root, so as root the binaries run as the `postgres` user, who owns the temp dir.
 * Throws with a clear message when no server binaries are installed.
 */
export async function startPgServer(): Promise<PgServer> {
  const bin = findPgBin()
  if (!bin) throw new Error(`Cannot start PostgreSQL: ${pgUnavailableReason() ?? ''}`)
  const isRoot = userInfo().uid === 0
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  if (isRoot) {
    const { stdout: uid } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(uid.trim()), Number(gid.trim()))
  }
  const exec = (tool: string, args: string[]) =>
    isRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args])
      : run(join(bin, tool), args)

  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'])
  let port = 0
  let lastError: unknown = null
  // The port is free when probed but another process may take it before the server binds.
  for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
    const candidate = await freePort()
    const options = `-p ${candidate} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
    try {
      await exec('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start'])
      port = candidate
    } catch (error) {
      lastError = error
    }
  }
  if (port === 0) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${serverLog}`)
  }
  const admin = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
  })
  await admin.connect()
  const version = await (async () => {
    try {
      await admin.query('CREATE DATABASE edgebook')
      const res = await admin.query<{ server_version: string }>('SHOW server_version')
      return res.rows[0]?.server_version ?? ''
    } finally {
      await admin.end()
    }
  })()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/edgebook`,
    version,
    async stop() {
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
