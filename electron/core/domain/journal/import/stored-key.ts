/** How a fill's dedupe key is kept in the ledger's two identity columns. */
export type StoredIdentity = {
  /** The broker's execution id, or null for a repeat (see `storedIdentity`). */
  externalTradeId: string | null
  /** The content-hash column: null when the execution id is the key. */
  contentHash: string | null
}

/**
 * Where a fill's dedupe key `key` (from `dedupeKeys`) goes in the ledger. An execution id is its
 * own key (the ledger's unique execution-id index guards it), so the content-hash column holds
 * only the keys of fills without one, and of repeats. A repeat is a fill whose earlier import
 * was undone: the undone row still holds the (account, execution id) and (account, key) slots,
 * so the repeat keeps its execution id in raw data only and is keyed `<key>~<batch>`.
 */
export function storedIdentity(
  key: string,
  externalTradeId: string | null,
  batchId: string,
  isRepeat: boolean,
): StoredIdentity {
  if (isRepeat) return { externalTradeId: null, contentHash: `${key}~${batchId}` }
  return { externalTradeId, contentHash: key.startsWith('id:') ? null : key }
}

/** The pair `findExistingKeys` answers with: account and key, NUL-separated. */
export function accountKey(account: string, key: string): string {
  return `${account}\u0000${key}`
}
