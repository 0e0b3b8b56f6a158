import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'

/** The six areas, in the renderer's order; the renderer owns the same Ctrl/Cmd+digit keys. */
const AREAS = [
  ['journal', 'Journal'],
  ['backtests', 'Backtests'],
  ['probes', 'Probes'],
  ['market', 'Market Data'],
  ['sync', 'Sync'],
  ['settings', 'Settings'],
] as const

/** File / Edit / View / Window / Help; Reload and DevTools only in development. */
export function buildMenu(
  getWindow: () => BrowserWindow | null,
  dataDir: string,
  isDev: boolean,
): Menu {
  const isMac = process.platform === 'darwin'
  const go = (id: string) => () => {
    // Hash routing: setting the hash navigates inside the page without a reload.
    void getWindow()?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/${id}`)}`)
  }
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Show Data Folder',
          click: () => void shell.openPath(dataDir),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...AREAS.map(([id, label], i): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${i + 1}`,
          // The renderer handles the key itself (browser mode has no menu); the menu only shows it.
          registerAccelerator: false,
          click: go(id),
        })),
        ...(isDev
          ? ([
              { type: 'separator' },
              { role: 'reload' },
              { role: 'toggleDevTools' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Database Information', click: go('settings') }, { role: 'about' }],
    },
  ]
  return Menu.buildFromTemplate(template)
}
