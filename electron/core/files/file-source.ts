import { constants, open, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { ErrorCode } from '../contract/errors'
import type { FileSourceFields } from '../contract/file'
import { AppError } from '../errors'
import type { UploadStore } from './uploads'

/**
 * Largest broker file a fills import reads. The import parses the whole file in memory and
 * writes it in one transaction: a 16 MB file of the shortest rows (360k fills) peaks near 0.9 GB
 * of heap and takes under a minute, while four times that comes close to a 4 GB heap and far
 * past it the core thread dies without a word. A bigger file is refused up front with its size
 * and this limit; real exports hold about 100k fills in 16 MB.
 */
export const MAX_FILLS_IMPORT_BYTES = 16 * 1024 * 1024

/**
 * Largest bar file a bars import reads: bars are parsed into typed columns, which cost far less
 * per row than fills (about a million one-minute bars fit).
 */
export const MAX_BARS_IMPORT_BYTES = 64 * 1024 * 1024

/** Where an import's file comes from: a path on this machine, text, base64 bytes or an upload. */
export type FileSourceInput = FileSourceFields

/** A source read into memory: the name errors use, and the bytes (or the text as given). */
export type SourceData = { fileName: string; data: Uint8Array | string }

/**
 * Reads an import's source, the same way for every importer (fills and bars alike, so both fail
 * with the same codes and messages). A `token` names a complete `file-upload` held in `uploads`.
 * A path must name a regular file (a
 * symlink is followed only to one): a directory, a FIFO, a socket or a device such as
 * `/dev/zero` is refused without reading a byte, and the FIFO is opened non-blocking so no
 * writer-less pipe can hold a thread. Anything over `limitBytes` is refused, naming its size
 * (`MAX_FILLS_IMPORT_BYTES` and `MAX_BARS_IMPORT_BYTES` are the importers' limits).
 * Failures are `AppError`s: `not-found` for a missing path or an unknown, used or expired token,
 * `parse-error` for an empty source (nothing to import), `invalid-input` for the rest.
 */
export async function readFileSource(
  source: FileSourceInput,
  defaultName: string,
  limitBytes: number,
  uploads?: UploadStore,
): Promise<SourceData> {
  const read = await readAny(source, defaultName, limitBytes, uploads)
  if (read.data.length === 0) throw emptyFile(read.fileName)
  return read
}

/**
 * A source without a byte: a parse error at line 1 of field `file`, as both importers report
 * their files' problems (`details.errors` for fills, `details.issues` for bars: the same list).
 */
function emptyFile(fileName: string): AppError {
  const issue = { file: fileName, line: 1, field: 'file', message: 'the file is empty' }
  return new AppError(ErrorCode.ParseError, `${fileName}:1 file: the file is empty`, {
    details: { errors: [issue], issues: [issue], truncated: false },
  })
}

async function readAny(
  source: FileSourceInput,
  defaultName: string,
  limitBytes: number,
  uploads: UploadStore | undefined,
): Promise<SourceData> {
  if (source.fileName?.includes('\u0000')) {
    throw new AppError(ErrorCode.InvalidInput, 'The file name contains a NUL character', {
      issues: [{ path: ['fileName'], message: 'contains a NUL character' }],
    })
  }
  if (source.path !== undefined) {
    const fileName = source.fileName ?? basename(source.path)
    return { fileName, data: await readRegularFile(source.path, fileName, limitBytes) }
  }
  if (source.token !== undefined) {
    if (!uploads) throw new Error("readFileSource: a token needs the core's upload store")
    const held = uploads.read(source.token)
    const fileName = source.fileName ?? held.fileName
    if (held.bytes.length > limitBytes) throw tooLarge(fileName, held.bytes.length, limitBytes)
    return { fileName, data: held.bytes }
  }
  const fileName = source.fileName ?? defaultName
  if (source.contentBase64 !== undefined) {
    // Four base64 characters carry three bytes: refuse before decoding a huge payload.
    const approx = Math.floor((source.contentBase64.length * 3) / 4)
    if (approx > limitBytes + 2) throw tooLarge(fileName, approx, limitBytes)
    const bytes = new Uint8Array(Buffer.from(source.contentBase64, 'base64'))
    if (bytes.length > limitBytes) throw tooLarge(fileName, bytes.length, limitBytes)
    return { fileName, data: bytes }
  }
  const text = source.content ?? ''
  // A UTF-16 string is at most three UTF-8 bytes per code unit: count only when it may matter.
  if (text.length * 3 > limitBytes) {
    const size = Buffer.byteLength(text, 'utf8')
    if (size > limitBytes) throw tooLarge(fileName, size, limitBytes)
  }
  return { fileName, data: text }
}

async function readRegularFile(
  path: string,
  fileName: string,
  limitBytes: number,
): Promise<Uint8Array> {
  let handle: FileHandle
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (cause) {
    throw openFailure(path, cause)
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) {
      const kind = stat.isDirectory()
        ? 'a directory'
        : stat.isFIFO()
          ? 'a named pipe (FIFO)'
          : stat.isSocket()
            ? 'a socket'
            : stat.isCharacterDevice() || stat.isBlockDevice()
              ? 'a device'
              : 'not a regular file'
      throw new AppError(
        ErrorCode.InvalidInput,
        `${fileName}: ${path} is ${kind}; only regular files can be imported`,
        { details: { file: fileName, kind } },
      )
    }
    if (stat.size > limitBytes) throw tooLarge(fileName, stat.size, limitBytes)
    // Read at most one byte past the limit: a file that grows while it is read is still caught.
    const buffer = new Uint8Array(Math.min(stat.size, limitBytes) + 1)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > limitBytes) throw tooLarge(fileName, filled, limitBytes)
    return buffer.subarray(0, filled)
  } catch (cause) {
    if (cause instanceof AppError) throw cause
    throw openFailure(path, cause)
  } finally {
    await handle.close()
  }
}

function openFailure(path: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError(ErrorCode.NotFound, `Cannot read ${path}: no such file`)
  }
  const why =
    code === 'EISDIR'
      ? 'it is a directory; only regular files can be imported'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ELOOP'
          ? 'too many levels of symbolic links'
          : (code ?? (cause instanceof Error ? cause.message : String(cause)))
  return new AppError(ErrorCode.InvalidInput, `Cannot read ${path}: ${why}`)
}

function tooLarge(fileName: string, sizeBytes: number, limitBytes: number): AppError {
  return new AppError(
    ErrorCode.InvalidInput,
    `${fileName} is ${formatSize(sizeBytes)}; imports are limited to ${formatSize(limitBytes)} — split the file (by date range) and import the parts`,
    { details: { file: fileName, sizeBytes, limitBytes } },
  )
}

function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return mib >= 1 ? `${mib.toFixed(1)} MB` : `${bytes.toLocaleString('en-US')} bytes`
}
