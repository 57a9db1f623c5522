/** @module One link on screen: its details and QR code, exact figures, clicks per day and breakdowns. */
import type uPlot from 'uplot'
import { ApiError, type Link, type Stats } from './api'
import { dailySeries, drawChart } from './chart'
import { $, el, show } from './dom'
import { channelName, countryName, displayUrl, fmt, formatDate, formatTime, linkState, referrerName, UNREAD_CARD } from './format'
import { handleError } from './notices'
import { signedIn } from './sign-in'

const detailView = $('detail-view')
const detailMessage = $('detail-message')
const detailBody = $('detail-body')
const chartEl = $('chart')
const toggleButton = $<HTMLButtonElement>('toggle-link')
const unreadBadge = Object.assign($('d-unread'), UNREAD_CARD)
const unreadNote = $('d-unread-note')
let chart: uPlot | null = null
let current: Link | null = null
/** Bumped by every load, so a slow answer for a link left behind is dropped. */
let detailSeq = 0

/** The link on screen (or last on screen), if any. */
export const shownLink = (): Link | null => current

/** After a deletion: the link is gone, so coming back to its address starts afresh. */
export function forgetLink() {
  current = null
}

/** Whether the detail view is what the page shows. */
export const detailShown = () => !detailView.hidden

/** Shows link `code`, read afresh. */
export function openDetail(code: string, focus: boolean) {
  show(detailView, true)
  void loadDetail(code, focus)
}

/** Hides the view; its chart goes with it (it is drawn again on the way back). */
export function closeDetail() {
  chart?.destroy()
  chart = null
  show(detailView, false)
}

async function loadDetail(code: string, focus: boolean) {
  const api = signedIn()
  if (!api) return
  const seq = ++detailSeq
  if (current?.code !== code) {
    current = null
    show(detailBody, false)
    chart?.destroy()
    chart = null
  }
  detailMessage.replaceChildren('Loading the link…')
  let link: Link
  let stats: Stats
  try {
    // Exact figures: the counters, not the copy flushed to KV.
    ;[link, stats] = await Promise.all([api.get(code), api.stats(code, true)])
  } catch (err) {
    if (seq !== detailSeq) return
    if (err instanceof ApiError && err.status === 404) {
      show(detailBody, false)
      detailMessage.replaceChildren(
        el(
          'div',
          { className: 'empty' },
          el('strong', { textContent: 'Link not found' }),
          `There is no link “${code}”: it may have been deleted.`,
        ),
      )
      return
    }
    detailMessage.replaceChildren(current ? '' : 'The link could not be loaded.')
    handleError(err, 'Loading the link', () => void loadDetail(code, focus))
    return
  }
  if (seq !== detailSeq) return
  detailMessage.replaceChildren()
  renderLink(link)
  renderStats(link, stats)
  if (focus) $('detail-title').focus()
}

/** Shows the link's details, state and QR code, and makes it the link on screen. */
export function renderLink(link: Link) {
  current = link
  show(detailBody, true)
  const state = linkState(link)
  const badge = $('d-state')
  badge.textContent = state.text
  badge.className = state.live ? 'badge' : 'badge badge-off'
  $('d-channel').textContent = link.channel ? channelName(link.channel) : ''
  show(unreadBadge, link.unfurledAt === null)
  show(unreadNote, link.unfurledAt === null)
  $('detail-title').textContent = link.title || displayUrl(link.url)
  document.title = `${link.title || link.code} · sharelink`
  const url = $<HTMLAnchorElement>('d-url')
  url.href = link.url
  url.textContent = displayUrl(link.url)
  $('d-short').textContent = link.shortUrl
  const created = $<HTMLTimeElement>('d-created')
  created.dateTime = link.createdAt
  created.textContent = formatDate(link.createdAt)
  toggleButton.textContent = link.disabled ? 'Enable link' : 'Disable link'
  $('delete-what').textContent = link.shortUrl

  const img = $<HTMLImageElement>('qr-img')
  const png = $<HTMLAnchorElement>('qr-png')
  const svg = $<HTMLAnchorElement>('qr-svg')
  const path = `/${encodeURIComponent(link.code)}`
  // The QR routes answer 410 for a link that no longer redirects.
  show(img, state.live)
  show(png, state.live)
  show(svg, state.live)
  if (state.live) {
    img.src = `${path}/qr.svg`
    img.alt = `QR code for ${link.shortUrl}`
    png.href = `${path}/qr.png`
    png.download = `${link.code}-qr.png`
    svg.href = `${path}/qr.svg`
    svg.download = `${link.code}-qr.svg`
    $('qr-note').textContent = `Scanning it opens ${link.shortUrl}, counted like any click.`
  } else {
    img.removeAttribute('src')
    $('qr-note').textContent = `No QR code while the link is ${state.text.toLowerCase()}.`
  }
}

function breakdown(tableId: string, what: string, counts: Record<string, number>, name: (key: string) => string) {
  const table = $<HTMLTableElement>(tableId)
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (rows.length === 0) {
    table.replaceChildren(el('caption', { className: 'muted caption-empty', textContent: 'No clicks yet.' }))
    return
  }
  table.replaceChildren(
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col', textContent: what }), el('th', { scope: 'col', className: 'num', textContent: 'Clicks' })),
    ),
    el(
      'tbody',
      {},
      ...rows.map(([key, n]) =>
        el('tr', {}, el('th', { scope: 'row', textContent: name(key) }), el('td', { className: 'num', textContent: fmt(n) })),
      ),
    ),
  )
}

/** Shows the link's figures: totals, breakdowns, and the chart of clicks per day with its table. */
export function renderStats(link: Link, stats: Stats) {
  $('d-clicks').textContent = fmt(stats.clicks)
  $('d-previews').textContent = fmt(stats.previews)
  breakdown('by-channel', 'Channel', stats.byChannel, channelName)
  breakdown('by-country', 'Country', stats.byCountry, countryName)
  breakdown('by-referrer', 'Referrer', stats.byReferrer, referrerName)

  const series = dailySeries(stats.byDay, link.createdAt)
  const total = series.clicks.reduce((a, b) => a + b, 0)
  const first = series.days[0]!
  const last = series.days[series.days.length - 1]!
  $('chart-note').textContent =
    `Exact figures as of ${formatTime(new Date())}. Days in UTC${series.truncated ? '; the last 12 months shown.' : '.'}`
  chartEl.setAttribute(
    'aria-label',
    `Bar chart of clicks per day, ${formatDate(first)} to ${formatDate(last)}: ${fmt(total)} clicks in all. The figures are in the table that follows.`,
  )
  $('day-body').replaceChildren(
    ...series.days.map((day, i) =>
      el('tr', {}, el('th', { scope: 'row', textContent: day }), el('td', { textContent: String(series.clicks[i]) })),
    ),
  )
  chartEl.dataset.days = String(series.days.length)
  chartEl.dataset.total = String(total)
  // Drawn once the section is visible, so uPlot measures its real width.
  requestAnimationFrame(() => {
    if (current?.code === link.code && !detailView.hidden) chart = drawChart(chartEl, series, chart)
  })
}
