import { describe, expect, it } from 'vitest'
import { lineOfPath, parseJsonText } from '../../electron/cli/json-lines'

function parsesLikeJson(text: string): void {
  const r = parseJsonText(text)
  if (!r.ok) throw new Error(`refused ${JSON.stringify(text)}: ${r.problem.message}`)
  expect(r.json.value).toEqual(JSON.parse(text))
}

describe('parseJsonText', () => {
  it('reads what JSON.parse reads, to the same value', () => {
    for (const text of [
      '{}',
      '[]',
      ' \n\t{ "a" : [1, -2.5e3, 0, true, false, null, "x\\"y\\\\z\\u00e9\\n"] }\r\n',
      '"just a string"',
      '-0.125',
      '{"nested":{"deeper":[[],[{}],{"k":[1,[2,[3]]]}]}}',
      '\ufeff{"bom": 1}',
    ]) {
      parsesLikeJson(text.startsWith('\ufeff') ? text.slice(1) : text)
    }
    const bom = parseJsonText('\ufeff{"bom": 1}')
    expect(bom.ok && bom.json.value).toEqual({ bom: 1 })
  })

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const r = parseJsonText('{"__proto__": {"polluted": true}}')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const value = r.json.value as Record<string, unknown>
    expect(Object.keys(value)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('refuses what JSON.parse refuses, naming line and column', () => {
    const cases: [string, number, number][] = [
      ['{\n  "a": 1,,\n}', 2, 10],
      ['{\n  "a": 1,\n}', 3, 1],
      ['[1, 2', 1, 6],
      ['{"a" 1}', 1, 6],
      ["{'a': 1}", 1, 2],
      ['{"a": 01}', 1, 8],
      ['{"a": "tab\there"}', 1, 7],
      ['{"a": tru}', 1, 7],
      ['{"a": 1} x', 1, 10],
      ['', 1, 1],
    ]
    for (const [text, line, column] of cases) {
      expect(() => JSON.parse(text) as unknown, text).toThrow()
      const r = parseJsonText(text)
      expect(r.ok, text).toBe(false)
      if (r.ok) continue
      expect([r.problem.line, r.problem.column], `${text}: ${r.problem.message}`).toEqual([
        line,
        column,
      ])
    }
  })

  it('records the line of every key and array item', () => {
    const text = [
      '{',
      '  "name": "x",',
      '  "elements": [',
      '    { "type": "param" },',
      '    {',
      '      "type": "indicator",',
      '      "params": { "period": 3 }',
      '    }',
      '  ]',
      '}',
    ].join('\n')
    const r = parseJsonText(text)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const lines = r.json.lines
    expect(lines.get('')).toBe(1)
    expect(lines.get('name')).toBe(2)
    expect(lines.get('elements.0.type')).toBe(4)
    expect(lines.get('elements.1')).toBe(5)
    expect(lines.get('elements.1.params.period')).toBe(7)
    // A missing field falls back to its nearest ancestor that is there.
    expect(lineOfPath(lines, ['elements', 1, 'when', 'left'])).toBe(5)
    expect(lineOfPath(lines, ['nope'])).toBe(1)
  })
})
