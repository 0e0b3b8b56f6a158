// Kept free of runtime `electron` imports so the security settings can be tested in plain Node.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/**
 * The renderer's web preferences, per the Electron security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): an isolated, sandboxed page with
 * no Node, no webviews, no insecure content, and DevTools only in development.
 */
export function webPreferences(preloadPath: string, isDev: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: isDev,
    spellcheck: false,
  }
}

/** The main window: size, title, first-paint colour and the preferences above. */
export function mainWindowOptions(options: {
  preloadPath: string
  isDev: boolean
  isDark: boolean
}): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Edgebook',
    // The page background of the theme the renderer will pick, so the first paint does not flash.
    backgroundColor: options.isDark ? '#0f1216' : '#f6f7f9',
    webPreferences: webPreferences(options.preloadPath, options.isDev),
  }
}
