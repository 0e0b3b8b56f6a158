/** A decoding failure: the 1-based line where the first bad byte or character sits, and why. */
export type DecodeError = { line: number; message: string }

/** Decoded text, or why the bytes are not text Edgebook reads. */
export type Decoded = { ok: true; text: string } | { ok: false; error: DecodeError }

/**
 * Turns file bytes into text, the same way for every importer (fills and bars). UTF-8 (with or
 * without a byte-order mark) and UTF-16 LE or BE with a byte-order mark are read; anything else
 * is refused with the line of the first offending byte, because guessing a legacy code page
 * would silently corrupt symbols and numbers. A NUL character is refused wherever it sits: no
 * text file an importer reads holds one, and the database cannot store it in a text column.
 */
export function decodeText(input: string | Uint8Array): Decoded {
  if (typeof input === 'string') return checkText(stripBom(input))
  const bytes = input
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return decodeUtf16(bytes.subarray(2), 'utf-16le')
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return decodeUtf16(bytes.subarray(2), 'utf-16be')
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    return fail(
      lineOfByte(bytes, nul),
      'the file contains NUL bytes: it is binary or UTF-16 without a byte-order mark; export it as UTF-8 CSV',
    )
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { ok: true, text: stripBom(text) }
  } catch {
    const bad = firstInvalidUtf8(bytes)
    return fail(
      lineOfByte(bytes, bad),
      `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} is not valid UTF-8 (the file may be Latin-1 or Windows-1252); re-export it as UTF-8`,
    )
  }
}

/** The 1-based line of character `index` in `text` (LF, CRLF and lone CR end a line). */
export function lineOfIndex(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++
  }
  return line
}

/**
 * The first physical line longer than `maxChars`, or null. Broker exports and bar files have
 * short lines; a line of megabytes is a broken or hostile file, and naming it beats reading it.
 */
export function findOverlongLine(
  text: string,
  maxChars: number,
): { line: number; length: number } | null {
  let line = 1
  let start = 0
  const n = text.length
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 10
    if (c !== 10 && c !== 13) continue
    if (i - start > maxChars) return { line, length: i - start }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++
    line++
    start = i + 1
  }
  return null
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const label = encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'
  if (body.length % 2 !== 0) {
    const text = new TextDecoder(encoding).decode(body.subarray(0, body.length - 1))
    return fail(
      lineOfIndex(text, text.length),
      `the file is ${label} but ends in half a character: it is truncated`,
    )
  }
  try {
    return checkText(new TextDecoder(encoding, { fatal: true }).decode(body))
  } catch {
    const text = new TextDecoder(encoding).decode(body)
    return fail(
      lineOfIndex(text, text.indexOf('\uFFFD')),
      `the file is ${label} but holds an unpaired surrogate: it is damaged; re-export it`,
    )
  }
}

function checkText(text: string): Decoded {
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    return fail(
      lineOfIndex(text, nul),
      'the text contains a NUL character (U+0000): the file is binary or damaged',
    )
  }
  return { ok: true, text: stripBom(text) }
}

function fail(line: number, message: string): Decoded {
  return { ok: false, error: { line, message } }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 0x0a) line++
  return line
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] ?? 0
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return Math.max(0, bytes.length - 1)
}
