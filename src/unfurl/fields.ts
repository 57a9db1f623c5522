/** @module The card's smaller texts in the shape platforms expect: a title without the site's suffix, a locale, a publication time. */

// " | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ": what CMSs put between story and site.
const SEPARATOR = /\s+(?:[|\-–—·•»]|::)\s+/g

/**
 * `<title>` without a trailing site name ("Story | Site", "Story - Site"), taken off only when it
 * is one of `siteNames` (the declared site name, the host): a title like "Q&A - Part 2" keeps its
 * tail. The card shows the site name on its own line, so it would appear twice.
 */
export function withoutSiteSuffix(title: string, siteNames: readonly string[]): string {
  const names = new Set(siteNames.map(comparable).filter((n) => n !== ''))
  if (names.size === 0) return title
  let last: RegExpExecArray | null = null
  for (const m of title.matchAll(SEPARATOR)) last = m as RegExpExecArray
  if (!last) return title
  const story = title.slice(0, last.index).trim()
  const tail = title.slice(last.index + last[0].length)
  return story && names.has(comparable(tail)) ? story : title
}

function comparable(name: string): string {
  return name
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * An Open Graph locale (`en_US`) from `og:locale` or `<html lang>` (`en-us`, `pt-BR`, `de`), or
 * undefined when the value is no language tag.
 */
export function ogLocale(value: string | null | undefined): string | undefined {
  const m = /^\s*([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?\s*$/i.exec(value ?? '')
  if (!m) return undefined
  return m[2] ? `${m[1]!.toLowerCase()}_${m[2].toUpperCase()}` : m[1]!.toLowerCase()
}

/**
 * An ISO 8601 time (`article:published_time` wants one), from the ISO-like forms pages write
 * (`2026-11-26`, `2026-11-26 08:30`, `2026-11-26T08:30:00+0100`); undefined for other text,
 * which a platform would misread.
 */
export function isoTime(value: string | null | undefined): string | undefined {
  const m = /^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?\s*$/i.exec(value ?? '')
  if (!m) return undefined
  const [, date, time, zone] = m
  const iso = time ? `${date}T${time}${zone ? zone.toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : ''}` : date!
  return Number.isNaN(Date.parse(iso)) ? undefined : iso
}
