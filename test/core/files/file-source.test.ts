import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../electron/core/errors'
import {
  MAX_BARS_IMPORT_BYTES,
  MAX_FILLS_IMPORT_BYTES,
  readFileSource,
} from '../../../electron/core/files/file-source'

const dir = mkdtempSync(join(tmpdir(), 'edgebook-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('readFileSource', () => {
  it('states the limits: 16 MB for fills, 64 MB for bars', () => {
    expect(MAX_FILLS_IMPORT_BYTES).toBe(16 * 1024 * 1024)
    expect(MAX_BARS_IMPORT_BYTES).toBe(64 * 1024 * 1024)
  })

  it('reads a regular file up to the limit, and names the file by its base name', async () => {
    const path = join(dir, 'ten.csv')
    writeFileSync(path, '0123456789')
    const read = await readFileSource({ path }, 'x.csv', 10)
    expect(read.fileName).toBe('ten.csv')
    expect(Buffer.from(read.data as Uint8Array).toString()).toBe('0123456789')
  })

  it('refuses a file one byte over the limit with its size and the limit in the details', async () => {
    const path = join(dir, 'eleven.csv')
    writeFileSync(path, '0123456789A')
    const err = await refusal(readFileSource({ path }, 'x.csv', 10))
    expect(err.code).toBe('invalid-input')
    expect(err.message).toBe(
      'eleven.csv is 11 bytes; imports are limited to 10 bytes — split the file (by date range) and import the parts',
    )
    expect(err.details).toEqual({ file: 'eleven.csv', sizeBytes: 11, limitBytes: 10 })
  })

  it('applies the same limit to text and base64 content', async () => {
    const text = await refusal(readFileSource({ content: 'é'.repeat(6) }, 'pasted.csv', 10))
    expect(text.details).toEqual({ file: 'pasted.csv', sizeBytes: 12, limitBytes: 10 })
    const ok = await readFileSource({ content: 'é'.repeat(5) }, 'pasted.csv', 10)
    expect(ok.data).toBe('ééééé')
    const b64 = await refusal(
      readFileSource(
        { contentBase64: Buffer.from('0123456789AB').toString('base64'), fileName: 'b.csv' },
        'x',
        10,
      ),
    )
    expect(b64.details).toEqual({ file: 'b.csv', sizeBytes: 12, limitBytes: 10 })
  })

  it('refuses a character device and names it', async () => {
    const err = await refusal(readFileSource({ path: '/dev/null' }, 'x.csv', 10))
    expect(err.code).toBe('invalid-input')
    expect(err.message).toBe('null: /dev/null is a device; only regular files can be imported')
  })
})
