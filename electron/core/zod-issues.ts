import type { z } from 'zod'
import type { WireIssue } from './contract/errors'

/**
 * A failed parse's issues as plain `{ path, message }` data. A union that fails reports, when the
 * input's type matched exactly one of its branches (a rule strategy object, not a strategy name),
 * that branch's issues with their full paths instead of one `Invalid input` at the union.
 */
export function wireIssues(error: z.ZodError): WireIssue[] {
  return error.issues.flatMap((issue) => flatten(issue, []))
}

function flatten(issue: z.core.$ZodIssue, prefix: PropertyKey[]): WireIssue[] {
  const path = [...prefix, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const matched = issue.errors.filter((branch) => !isTypeMismatch(branch))
    const [only] = matched
    if (matched.length === 1 && only) return only.flatMap((inner) => flatten(inner, path))
  }
  return [
    { path: path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message },
  ]
}

// A branch that refused the input's type at its root: the input was meant for another branch.
function isTypeMismatch(branch: z.core.$ZodIssue[]): boolean {
  return branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0
}
