// Secrets (broker and API keys) are encrypted with the OS keychain through safeStorage before
// they reach the database; the database only ever holds the ciphertext (DESIGN §4).
import { safeStorage } from 'electron'

/** True when the OS offers a keychain (on Linux, not with the `basic_text` fallback). */
export function isSecretStorageAvailable(): boolean {
  return (
    safeStorage.isEncryptionAvailable() &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
  )
}

/** Encrypts `plain` for this user on this machine; base64 ciphertext. */
export function encryptSecret(plain: string): string {
  if (!isSecretStorageAvailable()) {
    throw new Error('No OS keychain is available to protect secrets on this machine.')
  }
  return safeStorage.encryptString(plain).toString('base64')
}

/** Decrypts what `encryptSecret` produced on this machine. */
export function decryptSecret(cipherBase64: string): string {
  return safeStorage.decryptString(Buffer.from(cipherBase64, 'base64'))
}
