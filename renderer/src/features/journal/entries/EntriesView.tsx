import { useEffect, useMemo, useState, type FormEvent } from 'react'
import {
  ENTRY_TYPES,
  MOODS,
  type JournalEntryDto,
  type RawIn,
  type WireError,
} from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { Card } from '../../../components/Card'
import { ErrorView } from '../../../components/ErrorView'
import { Field } from '../../../components/Field'
import { hrefFor } from '../../../lib/router'
import { useJournalStore } from '../../../stores/journal-store'
import { CampaignPicker } from './CampaignPicker'
import './entries.css'

type EntryType = (typeof ENTRY_TYPES)[number]
type Mood = (typeof MOODS)[number]

function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function EntryForm({
  entry,
  onSave,
  onDone,
}: {
  entry: JournalEntryDto | null
  onSave: (input: RawIn<'journal-save-entry'>) => Promise<WireError | null>
  onDone: () => void
}) {
  const [date, setDate] = useState(entry?.date ?? today())
  const [entryType, setEntryType] = useState<EntryType>(
    (entry?.entryType as EntryType | undefined) ?? 'post_market',
  )
  const [mood, setMood] = useState<Mood | ''>((entry?.mood as Mood | null) ?? '')
  const [tags, setTags] = useState(entry?.tags.join(', ') ?? '')
  const [campaignId, setCampaignId] = useState(entry?.campaignId ?? '')
  const [content, setContent] = useState(entry?.content ?? '')
  const [error, setError] = useState<WireError | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const result = await onSave({
      ...(entry ? { id: entry.id } : {}),
      date,
      entryType,
      content,
      mood: mood === '' ? null : mood,
      tags: tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      campaignId: campaignId || null,
    })
    setError(result)
    if (!result) onDone()
  }

  return (
    <form className="entry-form" onSubmit={(e) => void submit(e)} data-testid="entry-form">
      <Field label="Day">
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </Field>
      <Field label="Type">
        <select value={entryType} onChange={(e) => setEntryType(e.target.value as EntryType)}>
          {ENTRY_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Mood">
        <select value={mood} onChange={(e) => setMood(e.target.value as Mood | '')}>
          <option value="">—</option>
          {MOODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tags" hint="comma separated">
        <input value={tags} onChange={(e) => setTags(e.target.value)} />
      </Field>
      <Field label="Campaign" hint="optional: links the entry to a campaign">
        <CampaignPicker value={campaignId} onChange={setCampaignId} />
      </Field>
      <div className="entry-content">
        <Field label="Entry">
          <textarea
            rows={4}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            data-testid="entry-content"
          />
        </Field>
      </div>
      {error && <ErrorView error={error} compact />}
      <div className="entry-actions">
        <Button type="submit" variant="primary" data-testid="entry-save">
          Save entry
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

/** Journal entries grouped by day, newest first, with a form to write or edit one. */
export function EntriesView() {
  const { entries, loadEntries, saveEntry, deleteEntry } = useJournalStore()
  const [editing, setEditing] = useState<JournalEntryDto | 'new' | null>(null)
  useEffect(() => {
    void loadEntries()
  }, [loadEntries])

  const days = useMemo(() => {
    const map = new Map<string, JournalEntryDto[]>()
    if (entries.status === 'ready') {
      for (const e of entries.value) map.set(e.date, [...(map.get(e.date) ?? []), e])
    }
    return [...map.entries()]
  }, [entries])

  return (
    <div className="page-grid">
      <Card
        title="Journal"
        className="span-2"
        testId="journal-entries"
        actions={
          <Button variant="primary" size="sm" onClick={() => setEditing('new')}>
            New entry
          </Button>
        }
      >
        {editing && (
          <EntryForm
            key={editing === 'new' ? 'new' : editing.id}
            entry={editing === 'new' ? null : editing}
            onSave={saveEntry}
            onDone={() => setEditing(null)}
          />
        )}
        {entries.status === 'error' && <ErrorView error={entries.error} />}
        {entries.status === 'ready' && days.length === 0 && !editing && (
          <p className="muted">
            No entries yet. Write what you plan before the open and what you learned after the
            close.
          </p>
        )}
        {days.map(([date, list]) => (
          <section key={date} className="entry-day" data-testid="entry-day">
            <h3 className="entry-date">{date}</h3>
            {list.map((e) => (
              <article key={e.id} className="entry">
                <header className="entry-head">
                  <span className="badge">{e.entryType.replace('_', ' ')}</span>
                  {e.mood && <span className="badge badge-accent">{e.mood}</span>}
                  {e.tags.map((t) => (
                    <span key={t} className="badge">
                      #{t}
                    </span>
                  ))}
                  {e.campaignId && (
                    <a href={hrefFor('journal', 'campaigns', e.campaignId)}>campaign</a>
                  )}
                  <span className="entry-tools">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(e)}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => void deleteEntry(e.id)}>
                      Delete
                    </Button>
                  </span>
                </header>
                <p className="entry-text">{e.content}</p>
              </article>
            ))}
          </section>
        ))}
      </Card>
    </div>
  )
}
