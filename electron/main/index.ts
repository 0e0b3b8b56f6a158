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
import { registerIpcTransport } from './ipc-transport'
import { APP_HOST, APP_SCHEME, isTrustedUrl } from './trusted-url'
import { buildMenu } from './menu'

const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

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
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Edgebook',
    // The page background of the theme the renderer will pick, so the first paint does not flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1216' : '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  // The window only ever shows our UI; links open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, devServerUrl)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadURL(devServerUrl ?? `${APP_SCHEME}://${APP_HOST}/index.html`)
  return win
}

async function start(): Promise<void> {
  const dataDir = dataDirFromArgs()
  let core: CoreHost
  try {
    core = await startCoreHost(new URL('./host.js', import.meta.url), { dataDir })
  } catch (err) {
    const wire = toWireError(err)
    dialog.showErrorBox('Edgebook cannot open its data', `${wire.code}: ${wire.message}`)
    app.exit(wire.code === 'locked' ? 3 : 1)
    return
  }
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )
  serveRenderer()
  const unregister = registerIpcTransport(core, devServerUrl)
  let win: BrowserWindow | null = createWindow()
  win.on('closed', () => {
    win = null
  })
  Menu.setApplicationMenu(buildMenu(() => win ?? BrowserWindow.getAllWindows()[0] ?? null, dataDir))

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
  void app.whenReady().then(start)
}
