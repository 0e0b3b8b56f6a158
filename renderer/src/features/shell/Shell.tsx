import { useEffect } from 'react'
import { ErrorBoundary } from '../../components/ErrorBoundary'
import { LogoMark } from '../../components/icons'
import { hrefFor, useRoute } from '../../lib/router'
import { useAppStore } from '../../stores/app-store'
import { useZoneStore } from '../../stores/zone-store'
import { areas, defaultAreaId } from '../routes'
import { StatusBar } from './StatusBar'
import { useShortcuts } from './useShortcuts'
import { useTheme } from './useTheme'

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent)

/** The app frame: left navigation, the active page, the status bar. */
export function Shell() {
  useTheme()
  useShortcuts()
  const loadSystemInfo = useAppStore((s) => s.loadSystemInfo)
  const watchCore = useAppStore((s) => s.watchCore)
  const loadZone = useZoneStore((s) => s.load)
  const [areaId, ...rest] = useRoute()
  const area = areas.find((a) => a.id === areaId) ?? areas.find((a) => a.id === defaultAreaId)

  useEffect(() => {
    void loadSystemInfo()
    void loadZone()
    return watchCore()
  }, [loadSystemInfo, loadZone, watchCore])

  useEffect(() => {
    if (area) document.title = `${area.label} · Edgebook`
  }, [area])

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Areas">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Edgebook</span>
        </div>
        <ul className="nav">
          {areas.map((a) => {
            const isActive = a.id === area?.id
            return (
              <li key={a.id}>
                <a
                  href={hrefFor(a.id)}
                  className={isActive ? 'nav-item active' : 'nav-item'}
                  aria-current={isActive ? 'page' : undefined}
                  data-testid={`nav-${a.id}`}
                >
                  <a.icon />
                  <span className="nav-label">{a.label}</span>
                  <kbd className="nav-kbd">{isMac ? `⌘${a.shortcut}` : `Ctrl ${a.shortcut}`}</kbd>
                </a>
              </li>
            )
          })}
        </ul>
      </nav>
      <main className="main" data-testid={`page-${area?.id ?? 'none'}`}>
        <ErrorBoundary resetKey={area?.id}>{area && <area.Page path={rest} />}</ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  )
}
