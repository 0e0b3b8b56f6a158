import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureChromium, planChromium, type Machine } from './chromium'

// Where the browser tests' Chromium comes from, on machines described by the test: a file
// "exists" only when the test says so.
function machine(over: Partial<Machine> & { files?: string[] }): Machine {
  const files = new Set(over.files ?? [])
  return {
    env: {},
    platform: 'linux',
    isRoot: false,
    aptGet: '/usr/bin/apt-get',
    exists: (path) => files.has(path),
    ...over,
  }
}

describe('planChromium', () => {
  it('takes EDGEBOOK_CHROMIUM, then CHROME_PATH, before any system browser', () => {
    const files = ['/opt/a/chrome', '/opt/b/chrome', '/usr/bin/chromium']
    expect(
      planChromium(
        machine({
          files,
          env: { EDGEBOOK_CHROMIUM: '/opt/a/chrome', CHROME_PATH: '/opt/b/chrome' },
        }),
      ),
    ).toMatchObject({
      kind: 'found',
      path: '/opt/a/chrome',
    })
    expect(planChromium(machine({ files, env: { CHROME_PATH: '/opt/b/chrome' } }))).toMatchObject({
      kind: 'found',
      path: '/opt/b/chrome',
    })
  })

  it('reports a chosen path that names no file instead of falling back', () => {
    const plan = planChromium(
      machine({ files: ['/usr/bin/chromium'], env: { CHROME_PATH: '/opt/none' }, isRoot: true }),
    )
    expect(plan).toEqual({ kind: 'missing', reason: 'CHROME_PATH=/opt/none names no file' })
  })

  it("finds Debian's Chromium, or a Chrome on the PATH", () => {
    expect(planChromium(machine({ files: ['/usr/bin/chromium'] }))).toMatchObject({
      kind: 'found',
      path: '/usr/bin/chromium',
    })
    expect(
      planChromium(
        machine({
          files: ['/opt/google/bin/google-chrome'],
          env: { PATH: '/opt/google/bin:/bin' },
        }),
      ),
    ).toMatchObject({ kind: 'found', path: '/opt/google/bin/google-chrome' })
  })

  it('installs with apt-get only on Linux as root where apt-get exists', () => {
    expect(planChromium(machine({ isRoot: true, files: ['/usr/bin/apt-get'] })).kind).toBe(
      'apt-get',
    )
    const user = planChromium(machine({ isRoot: false, files: ['/usr/bin/apt-get'] }))
    expect(user.kind).toBe('missing')
    expect(user.kind === 'missing' && user.reason).toContain('apt-get install chromium')
    expect(planChromium(machine({ isRoot: true })).kind).toBe('missing')
  })

  it('finds a locally installed Chrome on macOS and Windows, and never plans apt-get there', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    expect(planChromium(machine({ platform: 'darwin', files: [mac] }))).toMatchObject({
      kind: 'found',
      path: mac,
    })
    const win = 'C:\\Users\\t\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'
    expect(
      planChromium(
        machine({
          platform: 'win32',
          env: { LOCALAPPDATA: 'C:\\Users\\t\\AppData\\Local' },
          files: [win],
        }),
      ),
    ).toMatchObject({ kind: 'found', path: win })
    const none = planChromium(
      machine({ platform: 'darwin', isRoot: true, files: ['/usr/bin/apt-get'] }),
    )
    expect(none.kind === 'missing' && none.reason).toContain('install Google Chrome')
  })
})

describe('ensureChromium', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('runs apt-get update and install, says so, and returns the binary it installed', () => {
    // A stand-in apt-get that records its arguments and "installs" chromium into a bin dir.
    dir = mkdtempSync(join(tmpdir(), 'edgebook-chromium-test-'))
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    const calls = join(dir, 'calls.txt')
    const fakeApt = join(dir, 'apt-get')
    writeFileSync(
      fakeApt,
      `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${calls}\n` +
        `case "$*" in *install*) printf '#!/bin/sh\\n' > ${bin}/chromium; chmod +x ${bin}/chromium;; esac\n`,
    )
    chmodSync(fakeApt, 0o755)
    const lines: string[] = []
    const fresh = machine({
      isRoot: true,
      aptGet: fakeApt,
      env: { PATH: `${bin}:/usr/bin:/bin` },
      exists: (path) => path.startsWith(dir) && existsSync(path),
    })
    expect(ensureChromium(fresh, (line) => lines.push(line))).toBe(join(bin, 'chromium'))
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      'noninteractive -o DPkg::Lock::Timeout=600 update -qq',
      'noninteractive -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium',
    ])
    expect(lines[0]).toContain("installing Debian's chromium with apt-get")
    expect(lines[1]).toBe(`installed ${join(bin, 'chromium')}`)
  })

  it('names what to install when it cannot install', () => {
    expect(() => ensureChromium(machine({}), () => {})).toThrow(
      /Cannot run the browser tests: no Chromium/,
    )
  })
})
