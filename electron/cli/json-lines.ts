// A JSON reader for files a trader writes by hand: a syntax error names its line and column, and
// the line of every field is kept so a later complaint about a field can name its line too.
// (Node 20's JSON.parse names neither the line nor, for many errors, the position.)

/** Where and what the syntax error of a JSON text is (line and column 1-based). */
export type JsonSyntaxProblem = { line: number; column: number; message: string }

/** A parsed JSON text with the line of every value, keyed by its path joined with `.`. */
export type LocatedJson = { value: unknown; lines: Map<string, number> }

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      start = i + 1
    }
  }
  return { line, column: offset - start + 1 }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

/**
 * Parses `text` as strict JSON (RFC 8259; a leading byte-order mark is skipped). A member's line
 * is the line of its key, an array item's the line it starts on; the root's path is `''`.
 */
export function parseJsonText(
  text: string,
): { ok: true; json: LocatedJson } | { ok: false; problem: JsonSyntaxProblem } {
  const lines = new Map<string, number>()
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1

  function fail(message: string): never {
    throw new JsonSyntaxError(message, i)
  }
  function describe(): string {
    return i >= text.length ? 'the text ends' : `unexpected ${JSON.stringify(text[i])}`
  }
  function skipSpace(): void {
    for (;;) {
      const c = text[i]
      if (c === '\n') line++
      else if (c !== ' ' && c !== '\t' && c !== '\r') return
      i++
    }
  }
  function readString(): string {
    STRING.lastIndex = i
    const m = STRING.exec(text)
    if (!m)
      fail(
        text[i] === '"' ? 'unterminated or malformed string' : `${describe()}, expected a string`,
      )
    i += m[0].length
    return JSON.parse(m[0]) as string
  }
  function expectChar(c: string, what: string): void {
    skipSpace()
    if (text[i] !== c) fail(`${describe()}, expected ${what}`)
    i++
  }
  function value(path: string, at: number): unknown {
    lines.set(path, at)
    const c = text[i]
    const prefix = path === '' ? '' : `${path}.`
    if (c === '{') {
      i++
      const out: Record<string, unknown> = {}
      skipSpace()
      if (text[i] === '}') {
        i++
        return out
      }
      for (;;) {
        skipSpace()
        const keyLine = line
        const key = readString()
        expectChar(':', '":" after a key')
        skipSpace()
        // As JSON.parse: an own property even for "__proto__".
        Object.defineProperty(out, key, {
          value: value(prefix + key, keyLine),
          enumerable: true,
          writable: true,
          configurable: true,
        })
        skipSpace()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return out
        } else fail(`${describe()}, expected "," or "}"`)
      }
    }
    if (c === '[') {
      i++
      const out: unknown[] = []
      skipSpace()
      if (text[i] === ']') {
        i++
        return out
      }
      for (;;) {
        skipSpace()
        out.push(value(prefix + String(out.length), line))
        skipSpace()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return out
        } else fail(`${describe()}, expected "," or "]"`)
      }
    }
    if (c === '"') return readString()
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return v
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (!m) fail(`${describe()}, expected a value`)
    i += m[0].length
    return Number(m[0])
  }

  try {
    skipSpace()
    const parsed = value('', line)
    skipSpace()
    if (i < text.length) fail(`${describe()} after the end of the JSON value`)
    return { ok: true, json: { value: parsed, lines } }
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err
    return { ok: false, problem: { ...lineColumnAt(text, err.offset), message: err.message } }
  }
}

/** The line of `path` in a JSON text, or of its nearest ancestor present there (a missing key). */
export function lineOfPath(lines: Map<string, number>, path: readonly (string | number)[]): number {
  for (let k = path.length; k >= 0; k--) {
    const hit = lines.get(path.slice(0, k).join('.'))
    if (hit !== undefined) return hit
  }
  return 1
}
