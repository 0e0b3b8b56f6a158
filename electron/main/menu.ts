import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { AREAS, areaHash, shortcutOf, type AreaId } from '../core/contract/navigation'

/** File / Edit / View / Window / Help; Reload and DevTools only in development. */
export function buildMenu(
  getWindow: () => BrowserWindow | null,
  dataDir: string,
  isDev: boolean,
): Menu {
  const isMac = process.platform === 'darwin'
  const go = (id: AreaId) => () => {
    // Hash routing: setting the hash navigates inside the page without a reload.
    void getWindow()?.webContents.executeJavaScript(
      `location.hash = ${JSON.stringify(areaHash(id))}`,
    )
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
        ...AREAS.map(({ id, label }): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${shortcutOf(id)}`,
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
