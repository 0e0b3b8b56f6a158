// Module loader hooks for trace-loads.mjs: appends each loaded URL to EDGEBOOK_TRACE_LOADS.
import { appendFileSync } from 'node:fs'

export async function load(url, context, next) {
  appendFileSync(process.env.EDGEBOOK_TRACE_LOADS, `${url}\n`)
  return next(url, context)
}
