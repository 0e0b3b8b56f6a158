import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The global setup looks for Chromium (and installs it as root on Debian) only when the run has
// browser tests. It reads the command line's file filters from vitest: a run of one unit file
// must not touch Chromium, a run of a browser test file must. A Chromium path that names no file
// makes the setup say so, which shows whether it looked.
const root = resolve(import.meta.dirname, '..', '..')

function vitestRun(filters: string[]): string {
  const result = spawnSync(
    process.execPath,
    [
      resolve(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '-c',
      'test/vitest.config.ts',
      ...filters,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        EDGEBOOK_CHROMIUM: '/nonexistent/chromium',
        EDGEBOOK_SKIP_BROWSER: '',
      },
    },
  )
  expect(result.status, result.stderr).toBe(0)
  return result.stderr
}

describe('global setup', () => {
  it('looks for Chromium only when the run has browser tests', { timeout: 300_000 }, () => {
    const said =
      'chromium: Cannot run the browser tests: EDGEBOOK_CHROMIUM=/nonexistent/chromium names no file'
    expect(vitestRun(['test/sync/hlc.test.ts'])).not.toContain('chromium:')
    // Only the setup runs: no test in the file matches the name filter.
    expect(vitestRun(['test/e2e/shell.e2e.test.ts', '-t', 'no test has this name'])).toContain(said)
  })
})
