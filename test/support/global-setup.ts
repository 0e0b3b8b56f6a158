// Runs once before all test files: keeps the browser-test artifact folder present and, when the
// run has browser tests, makes sure a Chromium is there (installing Debian's as root when none
// is: test/e2e/support/chromium.ts), saying on stderr which one the tests drive.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureChromium } from '../e2e/support/chromium'

/** True when the files this run will execute include a browser test (`*.e2e.test.ts`). */
async function hasBrowserTests(project: TestProject): Promise<boolean> {
  // The command line's file filters (`vitest run test/e2e`); vitest keeps them on its instance.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern
  const { testFiles } = await project.globTestFiles(filters)
  return testFiles.some((file) => file.endsWith('.e2e.test.ts'))
}

export async function setup(project: TestProject): Promise<void> {
  mkdirSync(resolve(import.meta.dirname, '..', 'e2e', 'artifacts'), { recursive: true })
  if (process.env.EDGEBOOK_SKIP_BROWSER === '1' || !(await hasBrowserTests(project))) return
  try {
    const path = ensureChromium()
    process.stderr.write(`chromium: the browser tests drive ${path}\n`)
  } catch (error) {
    // The browser tests fail with the same message; every other test still runs.
    process.stderr.write(`chromium: ${error instanceof Error ? error.message : String(error)}\n`)
  }
}
