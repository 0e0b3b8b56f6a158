// The Electron shell: lifecycle, one window, menus, the app:// protocol. Everything else lives in
// the core host worker; this file stays thin.
import { existsSync } from 'node:fs'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  nativeTheme,
  net,
  protocol,
  session,
  shell,
} from 'electron'
import { defaultDataDir } from '../core/data-dir'
import { toWireError } from '../core/errors'
import { startCoreHost, type CoreHost } from '../core/host-client'
import { CONTENT_SECURITY_POLICY } from '../web/server'
import { isAllowedExternalUrl } from './external-url'
import { registerIpcTransport } from './ipc-transport'
import { desktopCredentialVault } from './secrets'
import { APP_HOST, APP_SCHEME, isTrustedUrl } from './trusted-url'
import { buildMenu } from './menu'
import { mainWindowOptions } from './window-options'

const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
// DevTools, the dev server and the Reload/Toggle DevTools menu items exist only in development.
const isDev = !app.isPackaged

/** Exit status when the core worker died under the shell (EX_SOFTWARE), as the web host. */
const CORE_CRASHED_EXIT = 70

// Must happen before `ready`: a standard, secure scheme gets an origin, fetch and CSP like https.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
])

function dataDirFromArgs(): string {
  const i = process.argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='))
  const arg = process.argv[i]
  if (i < 0 || arg === undefined) return defaultDataDir()
  return arg.includes('=')
    ? arg.slice(arg.indexOf('=') + 1)
    : (process.argv[i + 1] ?? defaultDataDir())
}

/** Serves `out/renderer` on app://edgebook with the CSP; never a file outside it. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    let file = resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`)
    const rel = relative(rendererDir, file)
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      return new Response('Not found', { status: 404 })
    }
    if (url.pathname === '/' || (!existsSync(file) && extname(file) === '')) {
      file = resolve(rendererDir, 'index.html')
    } else if (!existsSync(file)) {
      return new Response('Not found', { status: 404 })
    }
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    if (extname(file) === '.html') headers.set('content-security-policy', CONTENT_SECURITY_POLICY)
    headers.set('x-content-type-options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(
    mainWindowOptions({ preloadPath, isDev, isDark: nativeTheme.shouldUseDarkColors }),
  )
  win.once('ready-to-show', () => win.show())
  void win.loadURL(devServerUrl ?? `${APP_SCHEME}://${APP_HOST}/index.html`)
  return win
}

/**
 * Every web contents (the window, and anything it might spawn) only ever shows our UI: no
 * navigation or redirect elsewhere, no new windows, no <webview>; allowlisted documentation links
 * open in the system browser, everything else is dropped.
 */
function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    const stayHome = (event: { preventDefault: () => void }, url: string): void => {
      if (!isTrustedUrl(url, devServerUrl)) event.preventDefault()
    }
    contents.on('will-navigate', stayHome)
    contents.on('will-redirect', stayHome)
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
}

async function start(): Promise<void> {
  const dataDir = dataDirFromArgs()
  let core: CoreHost
  try {
    core = await startCoreHost(
      new URL('./host.js', import.meta.url),
      { dataDir },
      { vault: desktopCredentialVault(dataDir) },
    )
  } catch (err) {
    const wire = toWireError(err)
    dialog.showErrorBox('Edgebook cannot open its data', `${wire.code}: ${wire.message}`)
    app.exit(wire.code === 'locked' ? 3 : 1)
    return
  }
  // The journal needs no camera, microphone, notifications, geolocation or devices.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.setDevicePermissionHandler(() => false)
  // A dead core is not restarted in-process (see electron/web/main.ts): say so and quit.
  core.onCrash((error) => {
    dialog.showErrorBox('Edgebook stopped', `${error.code}: ${error.message}`)
    app.exit(CORE_CRASHED_EXIT)
  })
  serveRenderer()
  const unregister = registerIpcTransport(core, devServerUrl)
  let win: BrowserWindow | null = createWindow()
  win.on('closed', () => {
    win = null
  })
  Menu.setApplicationMenu(
    buildMenu(() => win ?? BrowserWindow.getAllWindows()[0] ?? null, dataDir, isDev),
  )

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow()
  })
  app.on('second-instance', () => {
    const existing = win ?? BrowserWindow.getAllWindows()[0]
    if (existing?.isMinimized()) existing.restore()
    existing?.focus()
  })

  let isClosed = false
  app.on('before-quit', (event) => {
    if (isClosed) return
    // Hold the quit until the core host has closed PGlite and released the data-dir lock.
    event.preventDefault()
    unregister()
    void core.close().finally(() => {
      isClosed = true
      app.quit()
    })
  })
}

// Electron's own lock complements the data-dir lock: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  guardWebContents()
  void app.whenReady().then(start)
}
