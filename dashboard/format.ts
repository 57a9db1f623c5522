/** @module Figures, dates, channels, countries, referrers, URLs and a link's state, in words. */
import type { Channel } from '../src/links/channels'
import type { Link } from './api'

const CHANNEL_NAMES: Record<Channel, string> = {
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  reddit: 'Reddit',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  email: 'Email',
  copy: 'Copy',
}

const numberFmt = new Intl.NumberFormat('en-US')
export const fmt = (n: number) => numberFmt.format(n)
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' })
  } catch {
    return null
  }
})()

export function formatDate(iso: string): string {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? dateFmt.format(t) : iso
}

export const formatTime = (date: Date) => timeFmt.format(date)

export function channelName(channel: string | null): string {
  return channel && channel in CHANNEL_NAMES ? CHANNEL_NAMES[channel as Channel] : (channel ?? '')
}

export function countryName(code: string): string {
  if (code === 'XX' || !/^[A-Z]{2}$/.test(code)) return 'Unknown'
  try {
    const name = regionNames?.of(code)
    return name && name !== code ? `${name} (${code})` : code
  } catch {
    return code
  }
}

export const referrerName = (host: string) => (host === 'direct' ? 'Direct or unknown' : host)

/** The article URL, readable: no scheme, percent-escapes decoded where valid. */
export function displayUrl(url: string): string {
  let text = url.replace(/^https?:\/\//, '')
  try {
    text = decodeURI(text)
  } catch {}
  return text
}

/**
 * The flag of a link whose article could not be read (`unfurledAt` null): its card shows the bare
 * address until a read succeeds. Visible text, so screen readers say it too.
 */
export const UNREAD_CARD = {
  textContent: 'Card not read yet',
  title: 'The article could not be read: previews show its address. “Refresh preview” tries again.',
}

export function linkState(link: Link): { text: string; live: boolean } {
  if (link.disabled) return { text: 'Disabled', live: false }
  if (link.expiresAt && Date.parse(link.expiresAt) <= Date.now()) return { text: 'Expired', live: false }
  return { text: 'Active', live: true }
}
