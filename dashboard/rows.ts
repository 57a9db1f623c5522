/** @module The rows of the links table, and their figures read a few at a time. */
import { ApiError, type Link, type Stats } from './api'
import { $, el } from './dom'
import { channelName, displayUrl, fmt, formatDate, linkState } from './format'
import { handleError, sayError } from './notices'
import { signedIn } from './sign-in'

/** Stats requests in flight at once for the rows on screen. */
const STATS_CONCURRENCY = 6

const linksBody = $<HTMLTableSectionElement>('links-body')
/** Stats cells of the rows on screen, by code. */
let statCells = new Map<string, { clicks: HTMLElement; previews: HTMLElement }>()

function linkRow(link: Link): HTMLTableRowElement {
  const title = el('a', { href: `#/link/${link.code}`, className: 'row-title', textContent: link.title || displayUrl(link.url) })
  const url = el('span', { className: 'row-url', textContent: displayUrl(link.url), title: link.url })
  const state = linkState(link)
  const titleCell = el('td', { className: 'title-cell' }, title, url)
  if (!state.live) titleCell.append(el('span', { className: 'badge badge-off', textContent: state.text }))
  const clicks = el('td', { className: 'num', 'data-label': 'Clicks', textContent: '…' })
  const previews = el('td', { className: 'num', 'data-label': 'Previews', textContent: '…' })
  clicks.setAttribute('aria-busy', 'true')
  previews.setAttribute('aria-busy', 'true')
  statCells.set(link.code, { clicks, previews })
  const channel = link.channel
    ? el('span', { className: 'pill', textContent: channelName(link.channel) })
    : el('span', { className: 'muted', textContent: '—' })
  const created = el('time', { dateTime: link.createdAt, textContent: formatDate(link.createdAt) })
  return el(
    'tr',
    { 'data-code': link.code },
    titleCell,
    el('td', {}, channel),
    el('td', { className: 'row-meta', 'data-label': 'Created' }, created),
    clicks,
    previews,
  )
}

/** Puts these links in the table, their figures still to come. */
export function renderRows(links: Link[]) {
  statCells = new Map()
  linksBody.replaceChildren(...links.map(linkRow))
}

/** The codes of the rows on screen. */
export const shownCodes = () => [...statCells.keys()]

/**
 * Reads the stats of the rows on screen, a few at a time; figures as flushed to KV (cheap).
 * Once `stale` says a newer load has begun, answers are dropped; `retry` is offered if some fail.
 */
export async function loadRowStats(codes: string[], stale: () => boolean, retry: () => void) {
  const queue = [...codes]
  let failed = 0
  const worker = async () => {
    for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
      // Asked for each row, as signing out (which also makes this load stale) takes the client away.
      const api = signedIn()
      if (!api) return
      const cells = statCells.get(code)
      let stats: Stats | null = null
      try {
        stats = await api.stats(code, false)
      } catch (err) {
        if (stale()) return
        if (err instanceof ApiError && err.status === 401) return handleError(err, 'Reading figures')
        failed++
      }
      if (stale() || !cells) continue
      cells.clicks.textContent = stats ? fmt(stats.clicks) : 'n/a'
      cells.previews.textContent = stats ? fmt(stats.previews) : 'n/a'
      cells.clicks.removeAttribute('aria-busy')
      cells.previews.removeAttribute('aria-busy')
    }
  }
  await Promise.all(Array.from({ length: Math.min(STATS_CONCURRENCY, codes.length) }, worker))
  if (failed && !stale())
    sayError(`The figures of ${failed} link${failed === 1 ? '' : 's'} could not be read.`, { label: 'Try again', run: retry })
}
