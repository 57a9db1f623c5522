/** @module The service's address and the two calls the buttons make to it. */
import type { Channel } from '../src/links/channels'

/** The origin this script was loaded from: read now, while the script runs (currentScript is null later). */
const script = document.currentScript as HTMLScriptElement | null
const service = script ? new URL(script.src).origin : location.origin

/** What POST /api/share answers (the fields the buttons use). */
export interface ShareLink {
  shortUrl: string
  shareUrl: string
}

/** The plain link, which shares without script (GET /share/:channel). */
export function shareHref(channel: Channel, url: string): string {
  return `${service}/share/${channel}?url=${encodeURIComponent(url)}`
}

/** The article's short link for the channel, and the platform's intent carrying it. */
export async function fetchShareLink(url: string, channel: Channel): Promise<ShareLink> {
  const res = await fetch(`${service}/api/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, channel }),
    credentials: 'omit',
  })
  if (!res.ok) throw new Error(`share failed: ${res.status}`)
  return res.json()
}

/** The article's clicks across its channels (GET /api/counts), or null if the service says no. */
export async function clicks(url: string): Promise<number | null> {
  const res = await fetch(`${service}/api/counts?url=${encodeURIComponent(url)}`, { credentials: 'omit' })
  return res.ok ? ((await res.json()) as { clicks?: number } | null)?.clicks || null : null
}
