// Secrets are encrypted with the OS keychain through safeStorage before they reach the disk; the
// database never holds them (DESIGN §4). The logic lives in vault.ts, free of `electron`.
import { join } from 'node:path'
import { safeStorage } from 'electron'
import type { CredentialVault } from '../core/sync/credentials'
import { createSafeStorageVault, hasKeychain, VAULT_FILE } from './vault'

/** True when the OS offers a keychain (on Linux, not with the `basic_text` fallback). */
export function isSecretStorageAvailable(): boolean {
  return hasKeychain(safeStorage)
}

/** The desktop's credential vault for the sync URL, kept in `dataDir`. */
export function desktopCredentialVault(dataDir: string): CredentialVault {
  return createSafeStorageVault(safeStorage, join(dataDir, VAULT_FILE))
}
