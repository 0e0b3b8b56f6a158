// The Electron `rpc` handler accepts calls only from our own UI. The Electron binary cannot run
// here, so the IPC round trip itself is not exercised; the sender check is plain logic.
import { describe, expect, it } from 'vitest'
import { isTrustedUrl } from '../../electron/main/trusted-url'

describe('isTrustedUrl (IPC sender check)', () => {
  it('accepts frames of app://edgebook', () => {
    expect(isTrustedUrl('app://edgebook/index.html')).toBe(true)
    expect(isTrustedUrl('app://edgebook/index.html#/journal')).toBe(true)
  })

  it('refuses other hosts, schemes and missing URLs', () => {
    for (const url of [
      undefined,
      '',
      'not a url',
      'app://evil/index.html',
      'app://edgebook.evil.example/index.html',
      'file:///opt/edgebook/out/renderer/index.html',
      'https://edgebook/index.html',
      'http://127.0.0.1:5173/',
    ]) {
      expect(isTrustedUrl(url), String(url)).toBe(false)
    }
  })

  it('accepts the dev server origin only when one is configured', () => {
    const dev = 'http://localhost:5173'
    expect(isTrustedUrl('http://localhost:5173/#/settings', dev)).toBe(true)
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isTrustedUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isTrustedUrl('http://localhost:5173/', undefined)).toBe(false)
  })
})
