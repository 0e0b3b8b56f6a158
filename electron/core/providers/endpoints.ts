import { ALPACA_DATA_URL } from './alpaca'
import { POLYGON_URL } from './polygon'

/** The market-data providers `bars-fetch` can ask. */
export type ProviderName = 'alpaca' | 'polygon'

/** Where each provider is asked; the stored or environment keys go to these origins only. */
export type ProviderEndpoints = Readonly<Record<ProviderName, string>>

/** The providers' own endpoints. */
export const PROVIDER_ENDPOINTS: ProviderEndpoints = {
  alpaca: ALPACA_DATA_URL,
  polygon: POLYGON_URL,
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * The endpoints a core uses: the providers' own, or ones the opener of the core passes (a test's
 * loopback server). Never taken from a request: a page that could name the endpoint could send
 * the keys anywhere. An endpoint is https, or plain http only on a loopback address (keys never
 * cross a network in clear text); anything else throws at start-up.
 */
export function resolveProviderEndpoints(
  overrides: Partial<ProviderEndpoints> = {},
): ProviderEndpoints {
  const out = { ...PROVIDER_ENDPOINTS }
  for (const name of Object.keys(PROVIDER_ENDPOINTS) as ProviderName[]) {
    const given = overrides[name]
    if (given === undefined) continue
    let url: URL
    try {
      url = new URL(given)
    } catch {
      throw new Error(`${name} endpoint is not a URL: ${given}`)
    }
    const isSafe =
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
    if (!isSafe || url.username || url.password) {
      throw new Error(`${name} endpoint must be https (or http on loopback): ${url.origin}`)
    }
    out[name] = url.origin
  }
  return out
}
