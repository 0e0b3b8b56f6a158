import { createHash, randomUUID } from 'node:crypto'
import { ErrorCode } from '../contract/errors'
import { AppError } from '../errors'
import { MAX_BARS_IMPORT_BYTES } from './file-source'

/** What `file-upload` answers: the token to name the bytes by, and what arrived so far. */
export type UploadInfo = {
  token: string
  fileName: string
  bytes: number
  /** SHA-256 of the whole file (hex) once its last chunk arrived; null while chunks are coming. */
  sha256: string | null
}

/** Bytes held for a token, read by the importers' file reader. */
export type HeldUpload = { fileName: string; bytes: Uint8Array }

type Entry = {
  fileName: string
  chunks: Uint8Array[]
  bytes: number
  data: Uint8Array | null
  sha256: string | null
  usedAt: number
}

export type UploadStoreOptions = {
  /** Bytes held over all uploads; the least recently used are dropped to make room. */
  maxTotalBytes?: number
  /** An upload not used for this long is dropped. */
  idleMs?: number
  now?: () => number
}

/** Idle time after which an upload is dropped: long enough to tweak a preview, short enough not to hoard. */
export const UPLOAD_IDLE_MS = 30 * 60 * 1000

/**
 * Files a page sent once, held in this core's memory under a random token until an import uses
 * them (or they sit idle for `UPLOAD_IDLE_MS`), so previews and the import name the bytes instead
 * of sending them again. Memory rather than a file: the bytes are read into memory to be parsed
 * anyway, a token means nothing after a restart, and no copy of a broker statement is left on
 * disk outside the database. One upload holds at most `MAX_BARS_IMPORT_BYTES` (the largest
 * importer limit; each importer still applies its own), and all together `maxTotalBytes`.
 */
export class UploadStore {
  private readonly entries = new Map<string, Entry>()
  private readonly maxTotalBytes: number
  private readonly idleMs: number
  private readonly now: () => number

  constructor(options: UploadStoreOptions = {}) {
    this.maxTotalBytes = options.maxTotalBytes ?? 2 * MAX_BARS_IMPORT_BYTES
    this.idleMs = options.idleMs ?? UPLOAD_IDLE_MS
    this.now = options.now ?? Date.now
  }

  /**
   * Adds a chunk: without `token` it starts an upload, with one it continues that upload. After
   * the chunk marked `isLast` the upload is complete and can be read by token.
   */
  append(input: {
    token?: string | undefined
    fileName: string
    chunk: Uint8Array
    isLast: boolean
  }): UploadInfo {
    this.dropIdle()
    let token = input.token
    let entry: Entry
    if (token === undefined) {
      token = randomUUID()
      entry = {
        fileName: input.fileName,
        chunks: [],
        bytes: 0,
        data: null,
        sha256: null,
        usedAt: 0,
      }
      this.entries.set(token, entry)
    } else {
      entry = this.held(token)
      if (entry.data !== null) {
        throw new AppError(ErrorCode.Conflict, `Upload ${token} is complete; start a new one`)
      }
    }
    entry.usedAt = this.now()
    entry.bytes += input.chunk.length
    if (entry.bytes > MAX_BARS_IMPORT_BYTES) {
      this.entries.delete(token)
      throw new AppError(
        ErrorCode.InvalidInput,
        `${entry.fileName} is over ${MAX_BARS_IMPORT_BYTES / (1024 * 1024)} MB; imports are limited to that — split the file (by date range) and import the parts`,
        { details: { file: entry.fileName, limitBytes: MAX_BARS_IMPORT_BYTES } },
      )
    }
    entry.chunks.push(input.chunk)
    if (input.isLast) {
      const data = new Uint8Array(entry.bytes)
      let at = 0
      for (const c of entry.chunks) {
        data.set(c, at)
        at += c.length
      }
      entry.chunks = []
      entry.data = data
      entry.sha256 = createHash('sha256').update(data).digest('hex')
    }
    this.makeRoom(token)
    return { token, fileName: entry.fileName, bytes: entry.bytes, sha256: entry.sha256 }
  }

  /** The bytes of a complete upload; `not-found` for an unknown, used or expired token. */
  read(token: string): HeldUpload {
    this.dropIdle()
    const entry = this.held(token)
    if (entry.data === null) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `Upload ${token} of ${entry.fileName} is not complete: send its last chunk first`,
      )
    }
    entry.usedAt = this.now()
    return { fileName: entry.fileName, bytes: entry.data }
  }

  /** Drops an upload (an import used it). */
  release(token: string): void {
    this.entries.delete(token)
  }

  /** Bytes held now, over every upload. */
  heldBytes(): number {
    let total = 0
    for (const e of this.entries.values()) total += e.bytes
    return total
  }

  private held(token: string): Entry {
    const entry = this.entries.get(token)
    if (!entry) {
      throw new AppError(
        ErrorCode.NotFound,
        `Upload ${token} is not held: it was used by an import, sat idle for over ${this.idleMs / 60_000} minutes, or the app restarted — choose the file again`,
      )
    }
    return entry
  }

  private dropIdle(): void {
    const limit = this.now() - this.idleMs
    for (const [token, e] of this.entries) if (e.usedAt < limit) this.entries.delete(token)
  }

  // Least recently used first (a Map iterates in insertion order; usedAt breaks it).
  private makeRoom(keep: string): void {
    let total = this.heldBytes()
    if (total <= this.maxTotalBytes) return
    const byAge = [...this.entries].sort((a, b) => a[1].usedAt - b[1].usedAt)
    for (const [token, e] of byAge) {
      if (total <= this.maxTotalBytes) break
      if (token === keep) continue
      this.entries.delete(token)
      total -= e.bytes
    }
  }
}
