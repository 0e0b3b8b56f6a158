import { useEffect, useMemo, useState } from 'react'
import type { SchemaTableCount } from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { PageHeader } from '../../components/PageHeader'
import { Stat } from '../../components/Stat'
import { Table, type Column } from '../../components/Table'
import { Tabs } from '../../components/Tabs'
import { formatNumber } from '../../lib/format'
import { formatDateTime, knownZones, machineZone } from '../../lib/zone'
import { useAppStore, type ThemePreference } from '../../stores/app-store'
import { useZoneStore } from '../../stores/zone-store'
import type { PageProps } from '../routes'

const themes = [
  { id: 'system', label: 'System' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
] as const satisfies readonly { id: ThemePreference; label: string }[]

const schemaColumns: Column<SchemaTableCount>[] = [
  { key: 'schema', header: 'Schema', render: (s) => <code>{s.schema}</code> },
  { key: 'tables', header: 'Tables', align: 'right', render: (s) => formatNumber(s.tables) },
  { key: 'rows', header: 'Rows', align: 'right', render: (s) => formatNumber(s.rows) },
]

const MACHINE = ''

/**
 * The display zone picker: the machine's zone, or one the trader chooses, kept in the profile
 * (so across restarts and on every device that syncs it).
 */
function DisplayZone() {
  const { zone, chosen, choose } = useZoneStore()
  const zones = useMemo(() => knownZones(), [])
  const [error, setError] = useState<string | null>(null)
  const machine = machineZone()
  return (
    <Card title="Time zone" testId="settings-zone">
      <label className="field-row">
        <span className="field-label">Display zone</span>
        <select
          aria-label="Display time zone"
          data-testid="zone-select"
          value={chosen ?? MACHINE}
          onChange={(e) => {
            void choose(e.target.value === MACHINE ? null : e.target.value).then((err) =>
              setError(err ? err.message : null),
            )
          }}
        >
          <option value={MACHINE}>This machine ({machine})</option>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        Tables, charts, the P&amp;L calendar and the planned-hours rule use {zone}. Now:{' '}
        <span data-testid="zone-now">{formatDateTime(new Date().toISOString(), zone)}</span>
      </p>
      {error && (
        <p className="neg small" role="alert">
          {error}
        </p>
      )}
    </Card>
  )
}

/** Settings: appearance, and what this installation runs on (`system-info`). */
export function SettingsPage(_props: PageProps) {
  const theme = useAppStore((s) => s.theme)
  const setTheme = useAppStore((s) => s.setTheme)
  const info = useAppStore((s) => s.systemInfo)
  const transport = useAppStore((s) => s.transport)
  const loadSystemInfo = useAppStore((s) => s.loadSystemInfo)

  useEffect(() => {
    void loadSystemInfo()
  }, [loadSystemInfo])

  return (
    <div className="page">
      <PageHeader
        title="Settings"
        subtitle="Appearance, time zone and the database behind this window"
      />
      <div className="page-grid">
        <Card title="Appearance" testId="settings-appearance">
          <div className="field-row">
            <span className="field-label">Theme</span>
            <Tabs label="Theme" tabs={themes} value={theme} onChange={setTheme} />
          </div>
          <p className="muted small">
            System follows your operating system&apos;s light or dark setting.
          </p>
        </Card>
        <DisplayZone />
        <Card
          title="Database"
          testId="settings-database"
          actions={
            <Button size="sm" variant="ghost" onClick={() => void loadSystemInfo()}>
              Refresh
            </Button>
          }
        >
          {info.status === 'error' ? (
            <ErrorView error={info.error} onRetry={() => void loadSystemInfo()} compact />
          ) : info.status !== 'ready' ? (
            <p className="muted">Loading…</p>
          ) : (
            <>
              <div className="stat-row">
                <Stat
                  label="Schema version"
                  value={info.value.schemaVersion}
                  testId="stat-schema"
                />
                <Stat label="Migrations" value={formatNumber(info.value.migrations)} />
                <Stat
                  label="Tables"
                  value={formatNumber(info.value.totalTables)}
                  testId="stat-tables"
                />
              </div>
              <dl className="kv">
                <dt>Data folder</dt>
                <dd>
                  <code>{info.value.dataDir ?? '(in memory)'}</code>
                </dd>
                <dt>Edgebook</dt>
                <dd>{info.value.appVersion}</dd>
                <dt>Database engine</dt>
                <dd title={info.value.postgresVersion}>
                  {info.value.postgresVersion.split(' on ')[0]}
                </dd>
                <dt>Connection</dt>
                <dd>{transport === 'ipc' ? 'Desktop app (IPC)' : 'Browser mode (local HTTP)'}</dd>
              </dl>
            </>
          )}
        </Card>
        {info.status === 'ready' && (
          <Card title="Tables per schema" className="span-2" testId="settings-schemas">
            <Table
              columns={schemaColumns}
              rows={info.value.schemas}
              rowKey={(s) => s.schema}
              caption="Tables and rows per PostgreSQL schema"
              empty="No tables"
            />
          </Card>
        )}
      </div>
    </div>
  )
}
