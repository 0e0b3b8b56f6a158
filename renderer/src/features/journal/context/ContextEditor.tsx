import { useState, type FormEvent } from 'react'
import {
  CONTEXT_TYPES,
  FEELINGS,
  type ContextType,
  type DecisionContextDto,
  type Feeling,
  type FeelingDto,
  type RawIn,
  type WireError,
} from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { ErrorView } from '../../../components/ErrorView'
import { Field } from '../../../components/Field'
import '../campaigns/campaigns.css'

const TYPE_LABEL: Record<ContextType, string> = {
  entry: 'Entry',
  add: 'Add',
  reduce: 'Reduce',
  exit: 'Exit',
  idea: 'Idea',
  post_trade_reflection: 'Post-trade reflection',
}

function FeelingPicker({
  label,
  value,
  onChange,
}: {
  label: string
  value: FeelingDto[]
  onChange: (next: FeelingDto[]) => void
}) {
  const byFeeling = new Map(value.map((f) => [f.feeling, f.intensity]))
  const toggle = (feeling: Feeling) => {
    if (byFeeling.has(feeling)) onChange(value.filter((f) => f.feeling !== feeling))
    else onChange([...value, { feeling, intensity: 3 }])
  }
  const setIntensity = (feeling: Feeling, intensity: number) =>
    onChange(value.map((f) => (f.feeling === feeling ? { feeling, intensity } : f)))
  return (
    <fieldset className="span-all feelings-field">
      <legend className="field-label">{label}</legend>
      <div className="feelings">
        {FEELINGS.map((feeling) => {
          const intensity = byFeeling.get(feeling)
          const isOn = intensity !== undefined
          return (
            <span key={feeling} className={isOn ? 'feeling is-on' : 'feeling'}>
              <button type="button" aria-pressed={isOn} onClick={() => toggle(feeling)}>
                {feeling}
              </button>
              {isOn && (
                <select
                  aria-label={`${feeling} intensity`}
                  value={intensity}
                  onChange={(e) => setIntensity(feeling, Number(e.target.value))}
                >
                  {[1, 2, 3, 4, 5].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </span>
          )
        })}
      </div>
    </fieldset>
  )
}

function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

/**
 * The decision context of one fill: why (hypothesis, strategy), the planned exit, feelings then
 * and now, notes. Saving re-runs the trader's checks; their nudges show below the form.
 */
export function ContextEditor({
  fillId,
  suggestedType,
  context,
  onSave,
  onDelete,
}: {
  fillId: string
  suggestedType: ContextType
  context: DecisionContextDto | null
  onSave: (input: RawIn<'context-save'>) => Promise<WireError | null>
  onDelete: () => Promise<WireError | null>
}) {
  const [contextType, setContextType] = useState<ContextType>(context?.contextType ?? suggestedType)
  const [strategy, setStrategy] = useState(context?.strategy ?? '')
  const [hypothesis, setHypothesis] = useState(context?.hypothesis ?? '')
  const [target, setTarget] = useState(context?.exitIntent?.target?.toString() ?? '')
  const [stop, setStop] = useState(context?.exitIntent?.stop?.toString() ?? '')
  const [feelingsThen, setFeelingsThen] = useState<FeelingDto[]>(context?.feelingsThen ?? [])
  const [feelingsNow, setFeelingsNow] = useState<FeelingDto[]>(context?.feelingsNow ?? [])
  const [notes, setNotes] = useState(context?.notes ?? '')
  const [error, setError] = useState<WireError | null>(null)
  const [isSaving, setIsSaving] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setIsSaving(true)
    const targetValue = numberOrNull(target)
    const stopValue = numberOrNull(stop)
    const result = await onSave({
      fillId,
      contextType,
      strategy: strategy.trim() || null,
      hypothesis: hypothesis.trim() || null,
      exitIntent:
        targetValue === null && stopValue === null
          ? null
          : { target: targetValue, stop: stopValue },
      feelingsThen,
      feelingsNow,
      notes: notes.trim() || null,
    })
    setIsSaving(false)
    setError(result)
  }

  return (
    <form className="context-form" onSubmit={(e) => void submit(e)} data-testid="context-editor">
      <Field label="Decision">
        <select
          value={contextType}
          onChange={(e) => setContextType(e.target.value as ContextType)}
          data-testid="context-type"
        >
          {CONTEXT_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Strategy">
        <input
          value={strategy}
          onChange={(e) => setStrategy(e.target.value)}
          placeholder="e.g. Opening range breakout"
        />
      </Field>
      <Field label="Target">
        <input
          inputMode="decimal"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="context-target"
        />
      </Field>
      <Field label="Stop">
        <input
          inputMode="decimal"
          value={stop}
          onChange={(e) => setStop(e.target.value)}
          data-testid="context-stop"
        />
      </Field>
      <div className="span-all">
        <Field label="Hypothesis">
          <textarea
            rows={2}
            value={hypothesis}
            onChange={(e) => setHypothesis(e.target.value)}
            placeholder="Why this trade, why now, what would prove it wrong?"
            data-testid="context-hypothesis"
          />
        </Field>
      </div>
      <FeelingPicker label="Feelings then" value={feelingsThen} onChange={setFeelingsThen} />
      <FeelingPicker label="Feelings now" value={feelingsNow} onChange={setFeelingsNow} />
      <div className="span-all">
        <Field label="Notes">
          <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
      </div>
      {error && (
        <div className="span-all">
          <ErrorView error={error} compact />
        </div>
      )}
      <div className="span-all check-actions">
        <Button type="submit" variant="primary" disabled={isSaving} data-testid="context-save">
          {isSaving ? 'Saving…' : 'Save and check'}
        </Button>
        {context && (
          <Button variant="ghost" onClick={() => void onDelete().then(setError)}>
            Delete context
          </Button>
        )}
      </div>
    </form>
  )
}
