/** @module The admin API as the dashboard uses it: Bearer key in a header, errors in words. */

export const CHANNELS = ['x', 'facebook', 'linkedin', 'whatsapp', 'telegram', 'reddit', 'bluesky', 'mastodon', 'email', 'copy'] as const
export type Channel = (typeof CHANNELS)[number]

/** A link as GET /api/links returns it. */
export interface Link {
  code: string
  shortUrl: string
  url: string
  channel: Channel | null
  title: string
  description: string
  image: string | null
  siteName: string
  createdAt: string
  expiresAt: string | null
  disabled: boolean
}

export interface LinkPage {
  links: Link[]
  cursor: string | null
}

export interface Stats {
  code: string
  clicks: number
  previews: number
  byDay: Record<string, number>
  byChannel: Record<string, number>
  byCountry: Record<string, number>
  byReferrer: Record<string, number>
}

export interface CreateInput {
  url: string
  slug?: string
  channel?: Channel
  title?: string
}

/**
 * A failed call. `status` 0 is a network failure (no answer at all); otherwise `code` and
 * `message` are the API's own `{"error": {"code", "message"}}` where it sent them.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

function errorOf(status: number, statusText: string, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const code = typeof err?.code === 'string' ? err.code : `http_${status}`
  const message =
    typeof err?.message === 'string' && err.message ? err.message : `the server answered ${status}${statusText ? ` ${statusText}` : ''}`
  return new ApiError(status, code, message)
}

export class Api {
  constructor(private readonly key: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      })
    } catch {
      throw new ApiError(0, 'network', 'Could not reach the server. Check the connection, then try again.')
    }
    if (res.status === 204) return undefined as T
    let data: unknown = null
    try {
      data = await res.json()
    } catch {
      if (res.ok) throw new ApiError(res.status, 'bad_response', 'The server sent an answer the dashboard could not read.')
    }
    if (!res.ok) throw errorOf(res.status, res.statusText, data)
    return data as T
  }

  list(limit: number, cursor?: string | null): Promise<LinkPage> {
    const q = new URLSearchParams({ limit: String(limit) })
    if (cursor) q.set('cursor', cursor)
    return this.call('GET', `/api/links?${q}`)
  }

  get(code: string): Promise<Link> {
    return this.call('GET', `/api/links/${encodeURIComponent(code)}`)
  }

  stats(code: string, fresh: boolean): Promise<Stats> {
    return this.call('GET', `/api/links/${encodeURIComponent(code)}/stats${fresh ? '?fresh=1' : ''}`)
  }

  create(input: CreateInput): Promise<Link> {
    return this.call('POST', '/api/links', input)
  }

  setDisabled(code: string, disabled: boolean): Promise<Link> {
    return this.call('PATCH', `/api/links/${encodeURIComponent(code)}`, { disabled })
  }

  remove(code: string): Promise<void> {
    return this.call('DELETE', `/api/links/${encodeURIComponent(code)}`)
  }

  refresh(code: string): Promise<Link> {
    return this.call('POST', `/api/links/${encodeURIComponent(code)}/refresh`)
  }
}
