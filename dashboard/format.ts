/** @module Figures, dates, channels, platforms, countries, referrers, URLs and a link's state, in words. */
import { CHANNEL_NAMES, type Channel } from '../src/links/channels'
import type { Platform } from '../src/preview/platforms'
import type { Link } from './api'

/** The key analytics use for clicks on links made without a channel (in the API and here). */
export const NO_CHANNEL = 'none'

/** Crawler platforms as the API names them (src/preview/platforms.ts), in words. */
const PLATFORM_NAMES: Record<Platform, string> = {
  facebook: 'Facebook',
  x: 'X',
  linkedin: 'LinkedIn',
  slack: 'Slack',
  discord: 'Discord',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  // Apple's fetcher is iMessage's link preview (and Applebot's).
  apple: 'iMessage (Apple)',
  microsoft: 'Microsoft (Teams, Outlook, Bing)',
  pinterest: 'Pinterest',
  reddit: 'Reddit',
  google: 'Google',
  other: 'Other crawlers',
}

/**
 * Platforms whose cards are drawn in private chats: the story passed around where no public
 * count reaches, and no analytics of the platforms themselves show it to a publisher.
 */
export const PRIVATE_CHATS: ReadonlySet<string> = new Set<Platform>(['whatsapp', 'slack', 'telegram', 'discord', 'apple'])

const numberFmt = new Intl.NumberFormat('en-US')
export const fmt = (n: number) => numberFmt.format(n)
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const shortDayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
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
/** A UTC day (YYYY-MM-DD) as "26 Nov". */
export const shortDay = (day: string) => shortDayFmt.format(Date.parse(`${day}T00:00:00Z`))

/** A share of a whole, as a whole percentage ("<1%" rather than a misleading 0%). */
export function percent(part: number, whole: number): string {
  if (!whole || !part) return '0%'
  const p = (part / whole) * 100
  return p < 1 ? '<1%' : `${Math.round(p)}%`
}

export function channelName(channel: string | null): string {
  if (channel === null || channel === NO_CHANNEL) return 'No channel'
  return channel in CHANNEL_NAMES ? CHANNEL_NAMES[channel as Channel] : channel
}

export const platformName = (platform: string) => (platform in PLATFORM_NAMES ? PLATFORM_NAMES[platform as Platform] : platform)

export function countryName(code: string): string {
  if (code === 'XX' || !/^[A-Z]{2}$/.test(code)) return 'Unknown'
  try {
    const name = regionNames?.of(code)
    return name && name !== code ? `${name} (${code})` : code
  } catch {
    return code
  }
}

export function referrerName(host: string): string {
  if (host === 'direct') return 'Direct or unknown'
  if (host === 'unknown') return 'Unknown'
  return host
}

/** The article URL, readable: no scheme, percent-escapes decoded where valid. */
export function displayUrl(url: string): string {
  let text = url.replace(/^https?:\/\//, '')
  try {
    text = decodeURI(text)
  } catch {}
  return text
}

/** A URL's host, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * The flag of a link whose article could not be read (`unfurledAt` null): its card shows the bare
 * address until a read succeeds. Visible text, so screen readers say it too.
 */
export const UNREAD_CARD = {
  text: 'Card not read yet',
  title: 'The article could not be read: previews show its address. “Refresh preview” tries again.',
}

export function linkState(link: Pick<Link, 'disabled' | 'expiresAt'>): { text: string; live: boolean } {
  if (link.disabled) return { text: 'Disabled', live: false }
  if (link.expiresAt && Date.parse(link.expiresAt) <= Date.now()) return { text: 'Expired', live: false }
  return { text: 'Active', live: true }
}
