// Runs once before all test files. Keeps the browser-test artifact folder present.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

export function setup(): void {
  mkdirSync(resolve(import.meta.dirname, '..', 'e2e', 'artifacts'), { recursive: true })
}
