import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where the server URL (with its password) is kept. It never goes into the database in plain
 * text: the Electron shell installs a vault backed by `safeStorage`; browser mode and the CLI
 * use `EDGEBOOK_SYNC_URL` or a passphrase-protected file.
 */
export type CredentialVault = {
  save(url: string): Promise<void>
  load(): Promise<string | null>
  clear(): Promise<void>
}

let installedVault: CredentialVault | null = null

/** Lets the shell install its OS-backed vault (Electron `safeStorage`). */
export function setCredentialVault(vault: CredentialVault | null): void {
  installedVault = vault
}

/** The vault the shell installed, if any. */
export function credentialVault(): CredentialVault | null {
  return installedVault
}

/** File name of the passphrase-protected credentials inside the data dir. */
export const CREDENTIALS_FILE = 'sync-credentials.json'

type SealedFile = {
  version: 1
  kdf: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  iv: string
  tag: string
  data: string
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1 }

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  return scryptSync(passphrase, salt, 32, { ...params, maxmem: 128 * params.N * params.r * 2 })
}

/** Encrypts `url` with a key derived from `passphrase` (scrypt) using AES-256-GCM. */
export function sealUrl(url: string, passphrase: string): SealedFile {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = deriveKey(passphrase, salt, SCRYPT)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(url, 'utf8'), cipher.final()])
  return {
    version: 1,
    kdf: 'scrypt',
    ...SCRYPT,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  }
}

/** Decrypts a sealed URL; throws when the passphrase is wrong or the file was altered. */
export function openSealedUrl(sealed: SealedFile, passphrase: string): string {
  const key = deriveKey(passphrase, Buffer.from(sealed.salt, 'base64'), sealed)
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.data, 'base64')),
    decipher.final(),
  ]).toString('utf8')
}

/** Writes the passphrase-protected credentials file into `dataDir` (atomically). */
export function saveCredentialsFile(dataDir: string, url: string, passphrase: string): void {
  const path = join(dataDir, CREDENTIALS_FILE)
  writeFileSync(`${path}.tmp`, JSON.stringify(sealUrl(url, passphrase)), { mode: 0o600 })
  renameSync(`${path}.tmp`, path)
}

/** Reads the credentials file; null when there is none. Throws on a wrong passphrase. */
export function loadCredentialsFile(dataDir: string, passphrase: string): string | null {
  const path = join(dataDir, CREDENTIALS_FILE)
  if (!existsSync(path)) return null
  return openSealedUrl(JSON.parse(readFileSync(path, 'utf8')) as SealedFile, passphrase)
}

/** Whether a credentials file exists in `dataDir`. */
export function hasCredentialsFile(dataDir: string | null): boolean {
  return dataDir !== null && existsSync(join(dataDir, CREDENTIALS_FILE))
}

/** Query parameters whose value is a secret (`password`, `sslpassword`, any case, and kin). */
const SECRET_PARAM = /pass|secret|token/i

/**
 * The URL without any secret, for display and logs: the userinfo password and every query
 * parameter whose name says password, secret or token (any case) become `***`. Text that is not
 * a URL is never echoed.
 */
export function redactUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return '(unparsable URL)'
  }
  if (u.password) u.password = '***'
  for (const name of [...new Set(u.searchParams.keys())])
    if (SECRET_PARAM.test(name)) u.searchParams.set(name, '***')
  return u.toString()
}
