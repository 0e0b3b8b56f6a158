// The Electron shell's security settings. The Electron binary cannot run here, so what is pure is
// tested directly: window preferences, the openExternal allowlist, the CSP, the fuse config
// (flipped in a stand-in binary through @electron/fuses), and the safeStorage vault with a fake
// safeStorage, end to end through the real core host worker.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCoreHost } from '../../electron/core/host-client'
import { isAllowedExternalUrl } from '../../electron/main/external-url'
import { appFuses, flipAppFuses } from '../../electron/main/fuses'
import { createSafeStorageVault, type SafeStorageLike } from '../../electron/main/vault'
import { mainWindowOptions, webPreferences } from '../../electron/main/window-options'
import { CONTENT_SECURITY_POLICY } from '../../electron/web/server'
import { ensureBuilt, repoRoot } from '../e2e/support/build'
import { openTestCore } from '../support/core'

const URL_WITH_PASSWORD = 'postgres://trader:hunter2-secret@db.example:5432/journal'

/** A stand-in keychain: reversible, but never the plain text. */
function fakeSafeStorage(backend = 'gnome_libsecret', isAvailable = true): SafeStorageLike {
  const mask = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    isEncryptionAvailable: () => isAvailable,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => mask(Buffer.from(`v10${plain}`, 'utf8')),
    decryptString: (cipher) => mask(cipher).toString('utf8').slice(3),
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-electron-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('window preferences', () => {
  it('isolates and sandboxes the page, without Node, webviews or insecure content', () => {
    for (const isDev of [false, true]) {
      const prefs = webPreferences('/app/preload.cjs', isDev)
      expect(prefs).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
      })
      expect(prefs.enableBlinkFeatures).toBeUndefined()
    }
  })

  it('offers DevTools only in development', () => {
    expect(webPreferences('/p', false).devTools).toBe(false)
    expect(webPreferences('/p', true).devTools).toBe(true)
    const packaged = mainWindowOptions({ preloadPath: '/p', isDev: false, isDark: true })
    expect(packaged.webPreferences?.devTools).toBe(false)
  })
})

describe('openExternal allowlist', () => {
  it('opens documentation origins over https only', () => {
    expect(isAllowedExternalUrl('https://docs.alpaca.markets/reference/stockbars')).toBe(true)
    expect(isAllowedExternalUrl('https://www.postgresql.org/docs/current/')).toBe(true)
  })

  it('drops every other URL', () => {
    for (const url of [
      'http://docs.alpaca.markets/',
      'https://evil.example/',
      'https://docs.alpaca.markets.evil.example/',
      'https://user:pw@docs.alpaca.markets/',
      'https://docs.alpaca.markets:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share.example/x',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })
})

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    }),
  )

  it('runs only our own scripts and talks only to our own origin', () => {
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })
})

describe('fuses', () => {
  it('sets every fuse, with run-as-node, NODE_OPTIONS and --inspect off', () => {
    const config = appFuses('linux', 'x64')
    const fuses = Object.values(FuseV1Options).filter((v) => typeof v === 'number')
    for (const fuse of fuses) expect(typeof config[fuse], FuseV1Options[fuse]).toBe('boolean')
    expect(config.strictlyRequireAllFuses).toBe(true)
    expect(config[FuseV1Options.RunAsNode]).toBe(false)
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(appFuses('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true)
  })

  it('flips them in a binary through @electron/fuses', async () => {
    // A stand-in binary: the fuse sentinel, wire version 1, nine fuses in Electron's defaults.
    const binary = join(dir, 'electron')
    const defaults = '101100011'
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.alloc(4096, 0xcc),
        Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, defaults.length]),
        Buffer.from(defaults),
        Buffer.alloc(4096, 0xcc),
      ]),
    )
    await flipAppFuses(binary, 'linux', 'x64')
    const wire = await getCurrentFuseWire(binary)
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
  })
})

describe('safeStorage credential vault', () => {
  it('keeps the URL as keychain ciphertext in an owner-only file', async () => {
    const file = join(dir, 'vault-a.safe')
    const vault = createSafeStorageVault(fakeSafeStorage(), file, 'linux')
    expect(await vault.load()).toBeNull()
    await vault.save(URL_WITH_PASSWORD)
    const stored = readFileSync(file, 'utf8')
    expect(stored).not.toContain('hunter2')
    expect(Buffer.from(stored, 'base64').toString('utf8')).not.toContain('hunter2')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)
    expect(await vault.load()).toBe(URL_WITH_PASSWORD)
    await vault.clear()
    expect(existsSync(file)).toBe(false)
  })

  it('refuses to save without a real keychain (Linux basic_text, none at all)', async () => {
    for (const safe of [fakeSafeStorage('basic_text'), fakeSafeStorage('unknown', false)]) {
      const file = join(dir, 'vault-b.safe')
      const vault = createSafeStorageVault(safe, file, 'linux')
      await expect(vault.save(URL_WITH_PASSWORD)).rejects.toThrow(/No OS keychain/)
      expect(existsSync(file)).toBe(false)
    }
  })
})

describe('sync-configure and the vault', () => {
  it('fails loudly when a URL can be kept nowhere, instead of dropping it', async () => {
    const core = await openTestCore()
    try {
      const result = await core.call('sync-configure', { url: URL_WITH_PASSWORD, autoStart: false })
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'unavailable', details: { reason: 'no-secret-store' } },
      })
      const status = await core.value('sync-status', {})
      expect(status.isConfigured).toBe(false)
      // Asked for explicitly, a URL for this session only is fine.
      const session = await core.value('sync-configure', {
        url: URL_WITH_PASSWORD,
        autoStart: false,
        sessionOnly: true,
      })
      expect(session.isConfigured).toBe(true)
    } finally {
      await core.close()
    }
  })

  it(
    'keeps the URL through the shell vault from the core host worker, across restarts',
    { timeout: 240_000 },
    async () => {
      await ensureBuilt()
      const entry = pathToFileURL(resolve(repoRoot, 'out/main/host.js'))
      const dataDir = mkdtempSync(join(tmpdir(), 'edgebook-vault-'))
      const file = join(dataDir, 'sync-url.safe')
      const vault = createSafeStorageVault(fakeSafeStorage(), file, 'linux')
      try {
        const first = await startCoreHost(entry, { dataDir }, { vault })
        try {
          const saved = await first.invoke('sync-configure', {
            url: URL_WITH_PASSWORD,
            autoStart: false,
          })
          expect(saved).toMatchObject({ ok: true, value: { isConfigured: true } })
          expect(JSON.stringify(saved)).not.toContain('hunter2')
        } finally {
          await first.close()
        }
        expect(readFileSync(file, 'utf8')).not.toContain('hunter2')

        const second = await startCoreHost(entry, { dataDir }, { vault })
        try {
          const reopened = await second.invoke('sync-configure', { autoStart: false })
          expect(reopened).toMatchObject({
            ok: true,
            value: { isConfigured: true, server: expect.stringContaining('db.example') as unknown },
          })
        } finally {
          await second.close()
        }

        // A shell whose keychain is missing says so; the URL is not silently lost.
        const noKeychain = createSafeStorageVault(fakeSafeStorage('basic_text'), file, 'linux')
        const third = await startCoreHost(entry, { dataDir }, { vault: noKeychain })
        try {
          const refused = await third.invoke('sync-configure', {
            url: URL_WITH_PASSWORD,
            autoStart: false,
          })
          expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } })
          expect(JSON.stringify(refused)).toContain('No OS keychain')
        } finally {
          await third.close()
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  )
})
