import { Field } from '../../components/Field'
import { useBacktestStore } from '../../stores/backtest-store'
import { familyLabel } from './family-labels'
import { StrategyFamily } from './StrategyFamily'

/** Series, period, strategy, parameters and costs: shared by single runs and batch jobs. */
export function RunForm({ isGrid = false }: { isGrid?: boolean }) {
  const form = useBacktestStore((s) => s.form)
  const series = useBacktestStore((s) => s.series)
  const strategies = useBacktestStore((s) => s.strategies)
  const { setForm, setParam } = useBacktestStore.getState()
  const seriesList = series.status === 'ready' ? series.value : []
  const builtin = strategies.status === 'ready' ? strategies.value.builtin : []
  const user = strategies.status === 'ready' ? strategies.value.user : []
  const info = builtin.find((s) => s.name === form.strategy)
  return (
    <div className="stack">
      <div className="row">
        <Field label="Series">
          <select
            value={`${form.symbol}|${form.timeframe}`}
            onChange={(e) => {
              const [symbol = '', timeframe = '1Day'] = e.target.value.split('|')
              setForm({ symbol, timeframe })
            }}
            data-testid="bt-series"
          >
            {seriesList.length === 0 && <option value="|1Day">No series stored</option>}
            {seriesList.map((s) => (
              <option key={`${s.symbol}|${s.timeframe}`} value={`${s.symbol}|${s.timeframe}`}>
                {s.symbol} · {s.timeframe} ({s.first.slice(0, 10)} … {s.last.slice(0, 10)})
              </option>
            ))}
          </select>
        </Field>
        <Field label="From">
          <input
            type="date"
            value={form.from}
            onChange={(e) => setForm({ from: e.target.value })}
          />
        </Field>
        <Field label="To">
          <input type="date" value={form.to} onChange={(e) => setForm({ to: e.target.value })} />
        </Field>
        <Field label="Strategy">
          <select
            value={form.strategy}
            onChange={(e) => setForm({ strategy: e.target.value })}
            data-testid="bt-strategy"
          >
            {builtin.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
            {user.map((u) => (
              <option key={u.id} value={`user:${u.id}`}>
                {u.name} (saved{u.impliedFamily ? ` · ${familyLabel(u.impliedFamily)}` : ''})
              </option>
            ))}
          </select>
        </Field>
      </div>
      {info && <p className="muted">{info.description}</p>}
      {!isGrid && <StrategyFamily />}
      {!isGrid && info && info.params.length > 0 && (
        <div className="row">
          {info.params.map((p) => (
            <Field key={p.name} label={p.name} hint={p.description}>
              <input
                type="number"
                step={p.step}
                min={p.min}
                max={p.max}
                value={form.params[p.name] ?? ''}
                onChange={(e) => setParam(p.name, e.target.value)}
                data-testid={`bt-param-${p.name}`}
              />
            </Field>
          ))}
        </div>
      )}
      <div className="row">
        <Field label="Cash">
          <input
            type="number"
            value={form.cash}
            onChange={(e) => setForm({ cash: e.target.value })}
          />
        </Field>
        <Field label="Commission %" hint="of traded value, per side">
          <input
            type="number"
            step="0.01"
            value={form.commission}
            onChange={(e) => setForm({ commission: e.target.value })}
            data-testid="bt-commission"
          />
        </Field>
        <Field label="Spread %">
          <input
            type="number"
            step="0.01"
            value={form.spread}
            onChange={(e) => setForm({ spread: e.target.value })}
          />
        </Field>
      </div>
    </div>
  )
}
