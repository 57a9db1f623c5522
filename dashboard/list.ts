/** @module The list of links: pages by cursor, figures per row, and search over what has been loaded. */
import type { Link } from './api'
import { $, el, show } from './dom'
import { displayUrl, fmt } from './format'
import { handleError, sayError } from './notices'
import { loadRowStats, renderRows, shownCodes } from './rows'
import { signedIn } from './sign-in'

const PAGE_SIZE = 20
/** Search reads the listing in pages this big... */
const SEARCH_PAGE = 100
/** ...and at most this many of them per search, before asking to go on. */
const SEARCH_PAGES_PER_RUN = 5
/** Results shown (and whose stats are read) per search. */
const SEARCH_SHOWN = 50

const listView = $('list-view')
const listTitle = $('list-title')
const linksTable = $<HTMLTableElement>('links-table')
const listMessage = $('list-message')
const pager = $('pager')
const prevButton = $<HTMLButtonElement>('prev-page')
const nextButton = $<HTMLButtonElement>('next-page')
const pageLabel = $('page-label')
const searchInput = $<HTMLInputElement>('search')

/** cursors[i] fetches page i; page 0 needs none. */
let cursors: (string | null)[] = [null]
let pageIndex = 0
let pageLinks: Link[] = []
let nextCursor: string | null = null
let listLoaded = false
let listDirty = false
/** Bumped by every list or search load, so a slow answer for an older one is dropped. */
let listSeq = 0

interface SearchCache {
  links: Link[]
  cursor: string | null
  done: boolean
}
let searchCache: SearchCache | null = null

/** What "Create your first link" does: open the create dialog (wired by main, as that dialog updates this list). */
let createLink: (event: Event) => void = () => {}

export function offerCreate(open: (event: Event) => void) {
  createLink = open
}

/** Shows the list: read again if changed (or never read), else with fresh figures. */
export function openList(focus: boolean) {
  show(listView, true)
  if (listDirty || !listLoaded) void loadList()
  else void refreshListStats()
  if (focus) listTitle.focus()
}

export function hideList() {
  show(listView, false)
}

/** On signing out: nothing read with the old key stays. */
export function resetList() {
  cursors = [null]
  pageIndex = 0
  pageLinks = []
  nextCursor = null
  listLoaded = false
  listDirty = false
  searchCache = null
  listSeq++
  renderRows([])
  searchInput.value = ''
}

/** After a change: the next time the list shows, it is read again from page one. */
export function invalidateList() {
  listDirty = true
  searchCache = null
}

function setListMessage(...content: (Node | string)[]) {
  listMessage.replaceChildren(...content)
}

/** Reads the figures of the rows on screen for load `seq`. */
function loadStats(codes: string[], seq: number) {
  return loadRowStats(
    codes,
    () => seq !== listSeq,
    () => void refreshListStats(),
  )
}

async function refreshListStats() {
  if (searchInput.value.trim()) return runSearch(searchInput.value.trim(), false)
  const seq = ++listSeq
  await loadStats(shownCodes(), seq)
}

async function loadList(index = pageIndex) {
  const api = signedIn()
  if (!api) return
  if (searchInput.value.trim()) return runSearch(searchInput.value.trim(), false)
  if (listDirty) {
    cursors = [null]
    index = 0
    listDirty = false
  }
  const seq = ++listSeq
  linksTable.setAttribute('aria-busy', 'true')
  setListMessage('Loading links…')
  prevButton.disabled = true
  nextButton.disabled = true
  let page
  try {
    page = await api.list(PAGE_SIZE, cursors[index])
  } catch (err) {
    if (seq !== listSeq) return
    linksTable.removeAttribute('aria-busy')
    setListMessage(pageLinks.length ? '' : 'The links could not be loaded.')
    updatePager()
    handleError(err, 'Loading links', () => void loadList(index))
    return
  }
  if (seq !== listSeq) return
  linksTable.removeAttribute('aria-busy')
  sayError('')
  listLoaded = true
  pageIndex = index
  pageLinks = page.links
  nextCursor = page.cursor
  cursors[index + 1] = page.cursor
  cursors.length = index + 2
  // A page emptied by deletions: step back rather than show nothing.
  if (pageLinks.length === 0 && index > 0) return loadList(index - 1)
  renderRows(pageLinks)
  if (pageLinks.length === 0) {
    setListMessage(emptyState())
  } else {
    const first = index * PAGE_SIZE + 1
    setListMessage(el('span', { className: 'visually-hidden', textContent: `Showing links ${first} to ${first + pageLinks.length - 1}.` }))
  }
  updatePager()
  await loadStats(
    pageLinks.map((l) => l.code),
    seq,
  )
}

function emptyState(): HTMLElement {
  const button = el('button', { type: 'button', className: 'btn btn-primary', textContent: 'Create your first link' })
  button.addEventListener('click', (event) => createLink(event))
  return el(
    'div',
    { className: 'empty' },
    el('strong', { textContent: 'No links yet' }),
    'Short links made by the share buttons or here will show up in this list.',
    el('br'),
    button,
  )
}

function updatePager() {
  const searching = searchInput.value.trim() !== ''
  show(pager, !searching && (pageIndex > 0 || nextCursor !== null))
  prevButton.disabled = pageIndex === 0
  nextButton.disabled = nextCursor === null
  pageLabel.textContent = `Page ${pageIndex + 1}`
}

prevButton.addEventListener('click', () => void loadList(pageIndex - 1).then(() => prevButton.disabled && listTitle.focus()))
nextButton.addEventListener('click', () => void loadList(pageIndex + 1).then(() => nextButton.disabled && listTitle.focus()))
$('reload').addEventListener('click', () => {
  invalidateList()
  void loadList()
})

function matches(link: Link, needle: string): boolean {
  return (
    link.title.toLowerCase().includes(needle) ||
    link.url.toLowerCase().includes(needle) ||
    displayUrl(link.url).toLowerCase().includes(needle) ||
    link.code.toLowerCase() === needle
  )
}

/**
 * The API has no search: this filters the links loaded so far, reading older pages (newest
 * first) until enough match or SEARCH_PAGES_PER_RUN pages have been read, then offers to go on.
 */
async function runSearch(query: string, more: boolean) {
  const api = signedIn()
  if (!api) return
  const seq = ++listSeq
  const needle = query.toLowerCase()
  if (!searchCache) searchCache = { links: [], cursor: null, done: false }
  const cache = searchCache
  show(pager, false)
  linksTable.setAttribute('aria-busy', 'true')
  setListMessage('Searching…')
  let found = cache.links.filter((l) => matches(l, needle))
  let read = 0
  try {
    while (!cache.done && (more || found.length < SEARCH_SHOWN) && read < SEARCH_PAGES_PER_RUN) {
      const page = await api.list(SEARCH_PAGE, cache.cursor)
      if (seq !== listSeq || cache !== searchCache) return
      const known = new Set(cache.links.map((l) => l.code))
      cache.links.push(...page.links.filter((l) => !known.has(l.code)))
      cache.cursor = page.cursor
      cache.done = page.cursor === null
      read++
      found = cache.links.filter((l) => matches(l, needle))
    }
  } catch (err) {
    if (seq !== listSeq) return
    handleError(err, 'Searching', () => void runSearch(query, more))
  }
  if (seq !== listSeq) return
  linksTable.removeAttribute('aria-busy')
  const shown = found.slice(0, SEARCH_SHOWN)
  renderRows(shown)
  const scope = cache.done ? `all ${fmt(cache.links.length)} links` : `the newest ${fmt(cache.links.length)} links`
  const summary =
    found.length === 0
      ? `No links match “${query}” in ${scope}.`
      : `${fmt(found.length)} ${found.length === 1 ? 'link matches' : 'links match'} “${query}” in ${scope}${found.length > shown.length ? `; showing the first ${shown.length}` : ''}.`
  const parts: (Node | string)[] = [el('span', { textContent: summary })]
  if (!cache.done) {
    const button = el('button', { type: 'button', className: 'btn btn-small', textContent: 'Search older links' })
    button.addEventListener('click', () => void runSearch(query, true))
    parts.push(' ', button)
  }
  setListMessage(...parts)
  await loadStats(
    shown.map((l) => l.code),
    seq,
  )
}

let searchTimer: ReturnType<typeof setTimeout> | undefined
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer)
  searchTimer = setTimeout(() => {
    const q = searchInput.value.trim()
    if (q) void runSearch(q, false)
    else void loadList(pageIndex)
  }, 250)
})
$<HTMLFormElement>('search-form').addEventListener('submit', (event) => {
  event.preventDefault()
  clearTimeout(searchTimer)
  const q = searchInput.value.trim()
  if (q) void runSearch(q, false)
  else void loadList(pageIndex)
})
