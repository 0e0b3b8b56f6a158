import type { RawIn, WireError } from '../../../electron/core/contract/index'
import { callSafe } from './client'

/** Bytes per `file-upload` chunk: well under the browser host's request body limit. */
const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024

function toBase64(view: Uint8Array): string {
  let binary = ''
  // Chunks keep String.fromCharCode under the engine's argument limit on large files.
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/**
 * Sends a file to the core once, in chunks; previews and imports then name it by its token.
 * Answers the token or the core's refusal.
 */
export async function uploadFile(
  name: string,
  bytes: ArrayBuffer,
): Promise<{ ok: true; token: string } | { ok: false; error: WireError }> {
  const view = new Uint8Array(bytes)
  let token: string | undefined
  let at = 0
  do {
    const chunk = view.subarray(at, at + UPLOAD_CHUNK_BYTES)
    at += chunk.length
    const input: RawIn<'file-upload'> = {
      fileName: name,
      chunkBase64: toBase64(chunk),
      isLast: at >= view.length,
    }
    if (token) input.token = token
    const sent = await callSafe('file-upload', input)
    if (!sent.ok) return sent
    token = sent.value.token
  } while (at < view.length)
  return { ok: true, token: token ?? '' }
}
