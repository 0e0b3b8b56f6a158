import { useEffect, useState } from 'react'
import type { SyncConflict, SyncVersion } from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { PageHeader } from '../../components/PageHeader'
import { Stat } from '../../components/Stat'
import { formatNumber } from '../../lib/format'
import { useSyncStore } from '../../stores/sync-store'
import type { PageProps } from '../routes'
import { diffVersions, fieldLabel, hlcTime, type FieldDiff } from './conflict-diff'

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—'
}

function versionHead(label: string, version: SyncVersion, isCurrent: boolean): string {
  const at = hlcTime(version.hlc)
  return `${label}: ${version.op === 'del' ? 'deleted' : 'edited'}${at ? ` ${at.toLocaleString()}` : ''}${isCurrent ? ' (current)' : ''}`
}

function ConflictCard({ conflict }: { conflict: SyncConflict }) {
  const resolve = useSyncStore((s) => s.resolve)
  const fields = diffVersions(conflict.mine, conflict.theirs)
  const differing = fields.filter((f) => f.isDifferent)
  const same = fields.filter((f) => !f.isDifferent)
  const row = (f: FieldDiff) => (
    <tr key={f.field} data-testid={f.isDifferent ? 'conflict-diff-field' : 'conflict-same-field'}>
      <th scope="row">{f.label}</th>
      <td style={{ whiteSpace: 'pre-wrap' }}>{f.mine}</td>
      <td style={{ whiteSpace: 'pre-wrap' }}>{f.theirs}</td>
    </tr>
  )
  return (
    <Card
      testId="sync-conflict"
      title={`${fieldLabel(conflict.table)} ${conflict.pk}`}
      actions={
        <>
          <Button size="sm" onClick={() => void resolve(conflict.id, 'mine')}>
            Keep mine
          </Button>
          <Button size="sm" onClick={() => void resolve(conflict.id, 'theirs')}>
            Keep theirs
          </Button>
        </>
      }
    >
      <p className="muted">
        Edited on this device and on another while apart; the later edit (
        {conflict.current === 'mine' ? 'mine' : 'theirs'}) is current.{' '}
        {differing.length === 1 ? '1 field differs' : `${differing.length} fields differ`}.
      </p>
      <table className="table" data-testid="conflict-diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{versionHead('Mine', conflict.mine, conflict.current === 'mine')}</th>
            <th scope="col">
              {versionHead('Theirs', conflict.theirs, conflict.current === 'theirs')}
            </th>
          </tr>
        </thead>
        <tbody>{differing.map(row)}</tbody>
      </table>
      {same.length > 0 && (
        <details>
          <summary className="muted">
            {same.length === 1 ? '1 field is the same' : `${same.length} fields are the same`}
          </summary>
          <table className="table">
            <tbody>{same.map(row)}</tbody>
          </table>
        </details>
      )}
    </Card>
  )
}

/**
 * Asks for the passphrase of the server saved in the data folder (browser mode keeps it
 * encrypted there, and the running core forgets it when it stops), then resumes sync.
 */
function UnlockCard() {
  const unlock = useSyncStore((s) => s.unlock)
  const unlockError = useSyncStore((s) => s.unlockError)
  const isBusy = useSyncStore((s) => s.isBusy)
  const [passphrase, setPassphrase] = useState('')
  return (
    <Card title="Unlock sync" testId="sync-unlock">
      <form
        className="kv"
        onSubmit={(e) => {
          e.preventDefault()
          if (passphrase) void unlock(passphrase).then((ok) => ok && setPassphrase(''))
        }}
      >
        <p>
          A sync server is saved in this data folder under a passphrase. Enter it to resume syncing.
        </p>
        <label>
          Passphrase
          <input
            data-testid="sync-unlock-passphrase"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </label>
        <div>
          <Button
            variant="primary"
            type="submit"
            disabled={isBusy || !passphrase}
            data-testid="sync-unlock-button"
          >
            Unlock and sync
          </Button>
        </div>
        {unlockError && (
          <p role="alert" className="neg" data-testid="sync-unlock-error">
            {unlockError}
          </p>
        )}
      </form>
    </Card>
  )
}

/** Sync to a shared PostgreSQL server: connection, status, conflicts, pause and resume. */
export function SyncPage(_props: PageProps) {
  const store = useSyncStore()
  const [url, setUrl] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const { loadStatus, loadConflicts } = store
  useEffect(() => {
    void loadStatus()
    void loadConflicts()
  }, [loadStatus, loadConflicts])

  const status = store.status.status === 'ready' ? store.status.value : null
  return (
    <div className="page" data-testid="sync-page">
      <PageHeader title="Sync" subtitle="Share your journal with a PostgreSQL server" />
      {status?.hasCredentialsFile && !status.isConfigured && <UnlockCard />}
      <Card title="Server" testId="sync-server">
        <form
          className="kv"
          onSubmit={(e) => {
            e.preventDefault()
            void store.configure(url || undefined, passphrase || undefined)
          }}
        >
          <label>
            Server URL
            <input
              data-testid="sync-url"
              type="password"
              autoComplete="off"
              placeholder={
                status?.server ?? 'postgres://user:password@host:5432/db?sslmode=require'
              }
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <label>
            Passphrase (browser mode: stores the URL encrypted in the data folder)
            <input
              data-testid="sync-passphrase"
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </label>
          <div>
            <Button
              data-testid="sync-test"
              onClick={() => void store.testConnection(url || undefined)}
            >
              Test connection
            </Button>{' '}
            <Button variant="primary" type="submit" disabled={store.isBusy}>
              Save and sync
            </Button>
          </div>
        </form>
        {store.test.status === 'loading' && <p className="muted">Connecting…</p>}
        {store.test.status === 'ready' && (
          <p data-testid="sync-test-result">
            Reached server {store.test.value.serverId} in {store.test.value.latencyMs} ms, schema{' '}
            {store.test.value.serverSchemaVersion} (
            {store.test.value.compatibility === 'same'
              ? 'compatible'
              : store.test.value.compatibility === 'server-newer'
                ? 'newer than this Edgebook: update Edgebook'
                : 'older: migrate the server'}
            )
          </p>
        )}
        {store.test.status === 'error' && <ErrorView error={store.test.error} compact />}
      </Card>

      <Card
        title="Status"
        testId="sync-status"
        actions={
          <>
            <Button
              size="sm"
              data-testid="sync-now"
              disabled={!status?.isConfigured || store.isBusy}
              onClick={() => void store.syncNow()}
            >
              Sync now
            </Button>
            <Button
              size="sm"
              data-testid="sync-pause"
              disabled={!status}
              onClick={() => void store.setPaused(!status?.isPaused)}
            >
              {status?.isPaused ? 'Resume' : 'Pause'}
            </Button>
          </>
        }
      >
        {store.status.status === 'error' && <ErrorView error={store.status.error} compact />}
        {status && (
          <>
            <div className="stat-row">
              <Stat label="State" value={status.state} testId="sync-state" />
              <Stat label="Pending" value={formatNumber(status.pending)} testId="sync-pending" />
              <Stat label="Lag (changes)" value={formatNumber(status.lagChanges)} />
              <Stat label="Conflicts" value={formatNumber(status.unresolvedConflicts)} />
              <Stat
                label="Quarantined"
                value={formatNumber(status.quarantined)}
                testId="sync-quarantined"
              />
            </div>
            {status.quarantined > 0 && (
              <p className="muted" data-testid="sync-quarantine-note">
                {status.quarantined} change(s) pulled from the server could not be used here (a
                malformed row or a clock too far ahead) and were set aside instead of applied; they
                do not count in campaigns or stats.
              </p>
            )}
            <dl className="kv">
              <dt>Server</dt>
              <dd>{status.server ?? '—'}</dd>
              <dt>Last push</dt>
              <dd>{when(status.lastPushAt)}</dd>
              <dt>Last pull</dt>
              <dd>{when(status.lastPullAt)}</dd>
              <dt>Device</dt>
              <dd>
                <code>{status.deviceId}</code>
              </dd>
              <dt>Cursor</dt>
              <dd className="num">{status.cursor}</dd>
              {status.nextAttemptAt && (
                <>
                  <dt>Next attempt</dt>
                  <dd>{when(status.nextAttemptAt)}</dd>
                </>
              )}
              {status.message && (
                <>
                  <dt>Problem</dt>
                  <dd data-testid="sync-problem">
                    {status.reason}: {status.message}
                  </dd>
                </>
              )}
            </dl>
          </>
        )}
        {store.actionError && <ErrorView error={store.actionError} compact />}
        {store.lastResult && (
          <p className="muted" data-testid="sync-last-result">
            Last round: pushed {store.lastResult.pushed}, pulled {store.lastResult.pulled},
            conflicts {store.lastResult.conflicts}.
          </p>
        )}
      </Card>

      <Card title="Conflicts" testId="sync-conflicts">
        {store.conflicts.status === 'error' && <ErrorView error={store.conflicts.error} compact />}
        {store.conflicts.status === 'ready' && store.conflicts.value.length === 0 && (
          <p className="muted">No conflicting edits.</p>
        )}
        {store.conflicts.status === 'ready' &&
          store.conflicts.value.map((c) => <ConflictCard key={c.id} conflict={c} />)}
      </Card>
    </div>
  )
}
