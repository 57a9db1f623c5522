/** @module The rows of the links table, with the figures the list carries. */
import type { ListedLink } from './api'
import { $, el } from './dom'
import { channelName, displayUrl, fmt, formatDate, linkState, UNREAD_CARD } from './format'

const linksBody = $<HTMLTableSectionElement>('links-body')

function linkRow(link: ListedLink): HTMLTableRowElement {
  const title = el('a', { href: `#/link/${link.code}`, className: 'row-title', textContent: link.title || displayUrl(link.url) })
  const url = el('span', { className: 'row-url', textContent: displayUrl(link.url), title: link.url })
  const state = linkState(link)
  const titleCell = el('td', { className: 'title-cell' }, title, url)
  if (!state.live) titleCell.append(el('span', { className: 'badge badge-off', textContent: state.text }))
  if (link.unfurledAt === null) titleCell.append(el('span', { className: 'badge badge-note', ...UNREAD_CARD }))
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
    el('td', { className: 'num', 'data-label': 'Clicks', textContent: fmt(link.clicks) }),
    el('td', { className: 'num', 'data-label': 'Previews', textContent: fmt(link.previews) }),
  )
}

/** Puts these links in the table, with their figures as last flushed. */
export function renderRows(links: ListedLink[]) {
  linksBody.replaceChildren(...links.map(linkRow))
}
