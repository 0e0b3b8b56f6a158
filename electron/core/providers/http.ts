import { ErrorCode } from '../contract/errors'
import { AppError } from '../errors'

/** Retry policy for rate limits: how often and how long to wait when no `Retry-After` says. */
export type RetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs: number }

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 }

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * GETs JSON with the given headers. A 429 waits (`Retry-After` seconds, else exponential back-off)
 * and retries up to `attempts` times, then fails `unavailable`; 401/403 fail `unauthorized`; any
 * other non-2xx fails `unavailable` with the provider's message. The URL is never logged with
 * its query, which may carry a key.
 */
export async function getJson(
  url: string,
  headers: Record<string, string>,
  provider: string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let response: Response
    try {
      response = await fetch(url, { headers })
    } catch (cause) {
      throw new AppError(
        ErrorCode.Unavailable,
        `${provider} cannot be reached: ${(cause as Error).message}`,
      )
    }
    if (response.status === 429 && attempt < retry.attempts) {
      const header = Number(response.headers.get('retry-after'))
      const wait =
        Number.isFinite(header) && header >= 0
          ? header * 1000
          : retry.baseDelayMs * 2 ** (attempt - 1)
      await response.arrayBuffer()
      await sleep(Math.min(wait, retry.maxDelayMs))
      continue
    }
    const text = await response.text()
    const body = parseJson(text)
    if (response.ok) {
      if (body === null)
        throw new AppError(ErrorCode.Unavailable, `${provider} answered without JSON`)
      return body
    }
    const message = providerMessage(body) ?? (text.slice(0, 200) || response.statusText)
    const where = new URL(url).pathname
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        ErrorCode.Unauthorized,
        `${provider} refused the key (${response.status}): ${message}`,
        {
          details: { status: response.status, path: where },
        },
      )
    }
    throw new AppError(
      ErrorCode.Unavailable,
      `${provider} answered ${response.status}${response.status === 429 ? ' (rate limited)' : ''}: ${message}`,
      { details: { status: response.status, path: where } },
    )
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null
  } catch {
    return null
  }
}

function providerMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null
  const b = body as Record<string, unknown>
  for (const key of ['message', 'error', 'detail']) {
    if (typeof b[key] === 'string') return b[key]
  }
  return null
}
