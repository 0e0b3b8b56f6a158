import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { findSystemPgBin, lookupPgBinaries, pgRunUser, reachableBin } from './pg-binaries'

const run = promisify(execFile)

/** A throwaway PostgreSQL server on loopback. */
export type PgServer = { url: string; version: string; stop(): Promise<void> }

/** The newest system `/usr/lib/postgresql/<major>/bin` holding `initdb` and `pg_ctl`, or null. */
export function findPgBin(): string | null {
  return findSystemPgBin()
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function pgUnavailableReason(): string | null {
  return lookupPgBinaries().reason
}

const said = new Set<string>()
/** Says once per process on stderr what the harness does to run PostgreSQL. */
function say(line: string): void {
  if (said.has(line)) return
  said.add(line)
  process.stderr.write(`pg-server: ${line}\n`)
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
 * the unix socket inside the temp dir, then creates the database `edgebook`. The binaries are the
 * system's or npm's (test/support/pg-binaries.ts). PostgreSQL refuses to run as root, so as root
 * the binaries run as an unprivileged user (`postgres`, else `nobody`) who owns the temp dir.
 * Throws with a clear message when no server binaries are found.
 */
export async function startPgServer(): Promise<PgServer> {
  const lookup = lookupPgBinaries()
  if (!lookup.found) throw new Error(`Cannot start PostgreSQL: ${lookup.reason}`)
  let bin = lookup.found.bin
  say(`PostgreSQL server binaries: ${lookup.found.description}`)
  const isRoot = process.platform !== 'win32' && userInfo().uid === 0
  const user = isRoot ? pgRunUser() : null
  if (user) {
    say(`running as root, so PostgreSQL runs as ${user.name} (${user.why})`)
    const reachable = reachableBin(bin, user.name, lookup.found.key)
    if (reachable !== bin)
      say(`${user.name} cannot reach ${bin}; copied the binaries to ${reachable}`)
    bin = reachable
  }
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  if (user) {
    chownSync(dir, user.uid, user.gid)
    chmodSync(dir, 0o700)
  }
  const exec = (tool: string, args: string[]) =>
    user
      ? run('runuser', ['-u', user.name, '--', join(bin, tool), ...args])
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
