// npm run db:check — exits 1 when the schema registry does not tell the truth.
import { checkRegistry } from './registry-check'

const report = await checkRegistry()
if (report.problems.length === 0) {
  console.log(`db check: ok (${report.tables} tables, ${report.seedTables} seed tables realised)`)
} else {
  console.error(`db check: ${report.problems.length} problem(s)`)
  for (const p of report.problems) console.error(`  - ${p}`)
  process.exitCode = 1
}
