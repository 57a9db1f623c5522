/** @module The service's address and the two calls the buttons make to it, with the reason when one fails. */
import type { Channel } from '../src/links/channels'

/** The origin this script was loaded from: read now, while the script runs (currentScript is null later). */
const script = document.currentScript as HTMLScriptElement | null
const service = script ? new URL(script.src).origin : location.origin

/** A reader waits this long, at most, before the buttons share without the service. */
const TIMEOUT_MS = 4000

/** What POST /api/share answers (the fields the buttons use). */
export interface ShareLink {
  shortUrl: string
  shareUrl: string
}

/** Why the service gave no link, in words for the publisher's console; `lasting`: asking again won't help. */
export class ShareFailure extends Error {
  constructor(
    message: string,
    readonly lasting = false,
  ) {
    super(message)
  }
}

/** The plain link, which shares without script (GET /share/:channel). */
export function shareHref(channel: Channel, url: string): string {
  return `${service}/share/${channel}?url=${encodeURIComponent(url)}`
}

/** The article's short link for the channel, and the platform's intent carrying it; a ShareFailure if none. */
export async function fetchShareLink(url: string, channel: Channel): Promise<ShareLink> {
  let res: Response
  try {
    res = await fetch(`${service}/api/share`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url, channel }),
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (err) {
    throw await unanswered(err)
  }
  if (res.ok) return res.json()
  const error = ((await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null)?.error
  if (error?.code === 'host_not_allowed') {
    throw new ShareFailure(`${service} does not share articles from ${new URL(url).host}: it is not in ALLOWED_HOSTS`, true)
  }
  throw new ShareFailure(`${service} answered ${res.status}${error ? ` ${error.code}: ${error.message}` : ''}`)
}

/** Why a request got no readable answer: too slow, refused by CORS, or no route to the service. */
async function unanswered(err: unknown): Promise<ShareFailure> {
  if ((err as Error).name === 'TimeoutError') return new ShareFailure(`${service} did not answer within ${TIMEOUT_MS / 1000} s`)
  // A CORS refusal and a network failure look the same to script. An opaque request (no CORS) tells
  // them apart: it succeeds when the service is up, so the service refused this page's origin.
  const up = await fetch(`${service}/healthz`, { mode: 'no-cors', credentials: 'omit', signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
    () => true,
    () => false,
  )
  return up
    ? new ShareFailure(
        `this page's origin (${location.origin}) is not in the ALLOWED_HOSTS of ${service} (or see ${service}/healthz)`,
        true,
      )
    : new ShareFailure(`${service} cannot be reached (offline, or the page's Content-Security-Policy has no connect-src for it)`)
}

/** What GET /api/counts answers. */
export interface Counts {
  clicks: number
  byChannel: Partial<Record<Channel, number>>
}

/** The article's clicks in all and by channel, or null if the service says no. */
export async function counts(url: string): Promise<Counts | null> {
  const res = await fetch(`${service}/api/counts?url=${encodeURIComponent(url)}`, { credentials: 'omit' })
  return res.ok ? res.json() : null
}
