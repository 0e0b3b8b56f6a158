import { z } from 'zod'
import type { InputOf } from './types'

// A file arrives as a path on this machine (CLI only), as content from a page (browser mode or
// the Electron window) — text, or base64 bytes so UTF-16, Parquet and other encodings reach the
// decoder untouched — or as the token of a `file-upload` made before. A page never names a file
// by path: it would read any file the user can read.
const fileSourceShape = {
  /** A file on this machine; CLI callers only (see `cliOnlyFields`). */
  path: z.string().min(1).optional(),
  content: z.string().optional(),
  contentBase64: z.string().optional(),
  /** A complete `file-upload`: the bytes it holds (and its file name unless `fileName` is given). */
  token: z.uuid().optional(),
  fileName: z.string().min(1).optional(),
}

/** The fields that name an import's file: exactly one of them is given. */
export type FileSourceFields = {
  path?: string | undefined
  content?: string | undefined
  contentBase64?: string | undefined
  token?: string | undefined
  fileName?: string | undefined
}

function hasOneSource(v: object): boolean {
  const f = v as FileSourceFields
  return [f.path, f.content, f.contentBase64, f.token].filter((x) => x !== undefined).length === 1
}

/**
 * The input schema of a channel that reads one file (`fills-import`, `fills-preview`,
 * `bars-import`, `bars-preview`): the file source fields plus the channel's own, strict, with
 * exactly one source.
 */
export function fileSourceSchema<T extends z.ZodRawShape>(fields: T) {
  return z
    .object({ ...fileSourceShape, ...fields })
    .strict()
    .refine(hasOneSource, 'give exactly one of path, content, contentBase64 or token')
}

/** Input schemas of the `file-*` channels. */
export const fileInputs = {
  /**
   * Hands the core a file's bytes once, so previews and the import name them by token instead
   * of sending them again. Without `token` it starts an upload; with one it appends a chunk to
   * it (a page sends files in chunks of a few MB, well under any transport's body limit). The
   * chunk marked `isLast` completes the upload. The core holds an upload in memory until an
   * import uses it or it sits idle for 30 minutes; a used or expired token is `not-found`.
   * One upload is at most 64 MB (each importer applies its own, lower or equal limit).
   */
  'file-upload': z
    .object({
      token: z.uuid().optional(),
      fileName: z
        .string()
        .min(1)
        .max(255)
        .refine((s) => !s.includes('\u0000'), 'contains a NUL character'),
      chunkBase64: z.string(),
      isLast: z.boolean().default(true),
    })
    .strict(),
}

/** Answer of `file-upload`. */
export type FileUploadResult = {
  token: string
  fileName: string
  /** Bytes received so far (the whole file once complete). */
  bytes: number
  /** SHA-256 of the whole file (hex) once its last chunk arrived, else null. */
  sha256: string | null
}

type In<K extends keyof typeof fileInputs> = InputOf<typeof fileInputs, K>

export type FileHandlers = {
  'file-upload': (input: In<'file-upload'>) => Promise<FileUploadResult>
}
