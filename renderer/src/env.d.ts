import type { Bridge } from '../../electron/core/contract/index'

declare global {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- only an interface merges into the DOM's Window
  interface Window {
    /** Set by the Electron preload; absent in a plain browser (the HTTP transport is used). */
    api?: Bridge
  }
}
