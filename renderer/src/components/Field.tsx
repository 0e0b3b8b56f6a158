import { cloneElement, useId, type ReactElement, type ReactNode } from 'react'

/**
 * A labelled form control: `<Field label="Symbol"><input … /></Field>`. The label is tied to the
 * control by id; `error` shows under it in red (e.g. an `invalid-input` issue for this field).
 */
export function Field({
  label,
  hint,
  error,
  children,
  inline,
}: {
  label: ReactNode
  hint?: ReactNode
  error?: ReactNode
  children: ReactElement<{ id?: string; 'aria-invalid'?: boolean }>
  inline?: boolean
}) {
  const id = useId()
  const control = cloneElement(children, {
    id: children.props.id ?? id,
    ...(error ? { 'aria-invalid': true } : {}),
  })
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      <label className="field-label" htmlFor={children.props.id ?? id}>
        {label}
      </label>
      <div className="field-control">
        {control}
        {error ? <div className="field-error">{error}</div> : null}
        {!error && hint ? <div className="field-hint">{hint}</div> : null}
      </div>
    </div>
  )
}
