/** ISO UTC as `2022-06-21 13:34:56Z`: unambiguous, and what the ledger stores. */
export function utcText(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')}Z`
}
