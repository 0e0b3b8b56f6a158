// The desktop credential vault: the sync server URL (with its password) encrypted by the OS
// keychain through Electron's safeStorage, kept as ciphertext in one owner-only file of the data
// dir. Kept free of runtime `electron` imports: the shell passes `safeStorage` in, tests a fake.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { CredentialVault } from '../core/sync/credentials'

/** What the vault needs of Electron's `safeStorage`. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend?(): string
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
}

/** File name of the keychain-encrypted sync URL inside the data dir. */
export const VAULT_FILE = 'sync-url.safe'

/**
 * True when the OS offers a real keychain. On Linux without a secret service, safeStorage falls
 * back to `basic_text`, a hard-coded key: that is obfuscation, not protection, so it counts as
 * no keychain.
 */
export function hasKeychain(safe: SafeStorageLike, platform: string = process.platform): boolean {
  if (!safe.isEncryptionAvailable()) return false
  return !(platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text')
}

/**
 * A `CredentialVault` over safeStorage writing `file`. Saving without a keychain throws (the
 * caller reports it: the URL is never silently dropped, never written in clear text).
 */
export function createSafeStorageVault(
  safe: SafeStorageLike,
  file: string,
  platform: string = process.platform,
): CredentialVault {
  return {
    save(url) {
      if (!hasKeychain(safe, platform)) {
        return Promise.reject(
          new Error(
            'No OS keychain is available to keep the sync URL on this machine; give a passphrase instead.',
          ),
        )
      }
      const cipher = safe.encryptString(url).toString('base64')
      writeFileSync(`${file}.tmp`, cipher, { mode: 0o600 })
      renameSync(`${file}.tmp`, file)
      return Promise.resolve()
    },
    load() {
      if (!existsSync(file) || !hasKeychain(safe, platform)) return Promise.resolve(null)
      const cipher = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
      return Promise.resolve(safe.decryptString(cipher))
    },
    clear() {
      rmSync(file, { force: true })
      return Promise.resolve()
    },
  }
}
