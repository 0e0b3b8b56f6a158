import { formatNumber } from '../../lib/format'
import { useAppStore } from '../../stores/app-store'

/** The bottom bar: data folder, schema version, table count, transport and the sync dot. */
export function StatusBar() {
  const info = useAppStore((s) => s.systemInfo)
  const sync = useAppStore((s) => s.sync)
  const transport = useAppStore((s) => s.transport)
  return (
    <footer className="statusbar" data-testid="status-bar">
      {info.status === 'ready' ? (
        <>
          <span className="status-item" title="Data folder" data-testid="status-data-dir">
            <span className="status-key">Data</span>
            <code>{info.value.dataDir ?? '(in memory)'}</code>
          </span>
          <span className="status-item" title="Schema version" data-testid="status-schema">
            <span className="status-key">Schema</span>
            <code>{info.value.schemaVersion}</code>
          </span>
          <span className="status-item" data-testid="status-tables">
            <span className="num">{formatNumber(info.value.totalTables)}</span> tables
          </span>
        </>
      ) : info.status === 'error' ? (
        <span className="status-item status-error" data-testid="status-error">
          Database unavailable: {info.error.code}
        </span>
      ) : (
        <span className="status-item muted">Opening database…</span>
      )}
      <span className="status-spacer" />
      <span className="status-item muted">{transport === 'ipc' ? 'Desktop' : 'Browser mode'}</span>
      <span className="status-item" title={sync.message} data-testid="status-sync">
        <span className={`dot dot-${sync.status}`} aria-hidden="true" />
        Sync {sync.status}
      </span>
    </footer>
  )
}
