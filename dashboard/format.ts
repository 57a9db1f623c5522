/**
 * @module Figures, changes, dates and times, channels, platforms, countries, referrers, URLs and a
 * link's state, in words. Dates and times are the newsroom's (REPORT_TIMEZONE): instants are
 * shown in that zone, and the API's own dates and hours are shown as they are written, never
 * turned into the browser's time.
 */
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

/**
 * Search engines' crawlers, by the platform the API files them under: they index the page and
 * draw no card, so they are never counted or named as the platforms' previews.
 */
const SEARCH_ENGINE_NAMES: Partial<Record<Platform, string>> = {
  google: 'Google Search (Googlebot)',
  microsoft: 'Bing (Bingbot)',
  apple: 'Apple (Applebot)',
  other: 'Other search engines',
}

const numberFmt = new Intl.NumberFormat('en-US')
export const fmt = (n: number) => numberFmt.format(n)
const ratioFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
/** A date written YYYY-MM-DD is that calendar date in any zone: read at UTC midnight, formatted in UTC. */
const shortDayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
const longDayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

/** Formatters per time zone, made once each (a view formats many instants in the same zone). */
const formatters = new Map<string, Intl.DateTimeFormat>()
function inZone(zone: string, kind: 'date' | 'time' | 'stamp'): Intl.DateTimeFormat {
  const key = `${kind} ${zone}`
  let f = formatters.get(key)
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { day: 'numeric', month: 'short', year: 'numeric' }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }
          : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone })
    formatters.set(key, f)
  }
  return f
}
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' })
  } catch {
    return null
  }
})()

/** An instant (ISO 8601) as its date in `zone`: "26 Nov 2026". */
export function formatDate(iso: string, zone: string): string {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? inZone(zone, 'date').format(t) : iso
}

/** An instant as its date and time in `zone`, the zone named: "26 Nov 2026, 14:05 GMT+5:45". */
export function formatStamp(iso: string, zone: string): string {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? inZone(zone, 'stamp').format(t) : iso
}

/** A moment as the time of day in `zone`, the zone named: "14:05:09 UTC". */
export const formatTime = (date: Date, zone: string) => inZone(zone, 'time').format(date)

/** A date (YYYY-MM-DD) as "26 Nov". */
export const shortDay = (day: string) => shortDayFmt.format(Date.parse(`${day.slice(0, 10)}T00:00:00Z`))
/** A date (YYYY-MM-DD) as "26 Nov 2026". */
export const longDay = (day: string) => longDayFmt.format(Date.parse(`${day.slice(0, 10)}T00:00:00Z`))

/**
 * The time of day an hour or five minutes of the API reads, as its zone's clocks showed it:
 * "2026-12-05T14:00:00+01:00" is "14:00", wherever the browser is (the text is not turned into
 * an instant, which the browser would show in its own zone).
 */
export const clockOf = (iso: string) => iso.slice(11, 16)
/** The same with its date: "5 Dec 14:00". */
export const dayAndClock = (iso: string) => `${shortDay(iso)} ${clockOf(iso)}`

/** Now against before, in words: "+12 %", "−8 %", "±0 %"; "new" when there was nothing before. */
export function change(now: number, before: number): { text: string; trend: 'up' | 'down' | 'flat' } {
  if (before === 0) return now === 0 ? { text: '±0 %', trend: 'flat' } : { text: 'new', trend: 'up' }
  const p = Math.round(((now - before) / before) * 100)
  if (p === 0) return { text: '±0 %', trend: 'flat' }
  return p > 0 ? { text: `+${fmt(p)} %`, trend: 'up' } : { text: `−${fmt(-p)} %`, trend: 'down' }
}

/** Clicks each press of a share button brought: "—" when there was no share to divide by. */
export const perShare = (clicks: number, shares: number) => (shares > 0 ? ratioFmt.format(clicks / shares) : '—')

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
export const searchEngineName = (platform: string) => SEARCH_ENGINE_NAMES[platform as Platform] ?? platformName(platform)

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
