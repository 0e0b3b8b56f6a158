// A sync conflict is read field by field, not as raw JSON: labels in words, differing fields
// first, bookkeeping columns left out, a deletion named as such.
import { describe, expect, it } from 'vitest'
import {
  diffVersions,
  fieldLabel,
  hlcTime,
} from '../../../renderer/src/features/sync/conflict-diff'

const row = (content: string, tags: string[]) => ({
  id: '0190a000-0000-7000-8000-000000000001',
  content,
  tags,
  mood: 'calm',
  created_at: '2025-01-02T10:00:00Z',
})

describe('diffVersions', () => {
  it('lists differing fields first with readable labels and values', () => {
    const fields = diffVersions(
      { hlc: '019400000000-0000-a', op: 'put', row: row('edit on a', ['fomo']) },
      { hlc: '019400000001-0000-b', op: 'put', row: row('edit on b', []) },
    )
    expect(fields).toEqual([
      {
        field: 'content',
        label: 'Content',
        mine: 'edit on a',
        theirs: 'edit on b',
        isDifferent: true,
      },
      { field: 'tags', label: 'Tags', mine: '["fomo"]', theirs: '[]', isDifferent: true },
      { field: 'mood', label: 'Mood', mine: 'calm', theirs: 'calm', isDifferent: false },
    ])
  })

  it('reads a deleted version as deleted in every field', () => {
    const fields = diffVersions(
      { hlc: '019400000000-0000-a', op: 'del', row: null },
      { hlc: '019400000001-0000-b', op: 'put', row: row('kept', []) },
    )
    expect(fields.map((f) => [f.label, f.mine, f.theirs])).toEqual([
      ['Content', 'deleted', 'kept'],
      ['Tags', 'deleted', '[]'],
      ['Mood', 'deleted', 'calm'],
    ])
  })
})

describe('fieldLabel and hlcTime', () => {
  it('turns column names into words and an HLC into its wall-clock time', () => {
    expect(fieldLabel('decision_context_id')).toBe('Decision context id')
    expect(fieldLabel('journal_entries')).toBe('Journal entries')
    expect(
      hlcTime(`${(1_735_812_000_000).toString(16).padStart(12, '0')}-0003-dev`)?.toISOString(),
    ).toBe('2025-01-02T10:00:00.000Z')
    expect(hlcTime('not a clock')).toBeNull()
  })
})
