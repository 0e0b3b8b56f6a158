import type { FileHandlers } from '../contract/file'
import type { Deps } from '../deps'

/** Handlers of the `file-*` channels: uploads held by this core for the importers. */
export function fileHandlers(deps: Deps): FileHandlers {
  return {
    'file-upload': ({ token, fileName, chunkBase64, isLast }) =>
      Promise.resolve(
        deps.uploads.append({
          token,
          fileName,
          chunk: new Uint8Array(Buffer.from(chunkBase64, 'base64')),
          isLast,
        }),
      ),
  }
}
