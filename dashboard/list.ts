/** @module The list of links: pages by cursor, newest first, each row with its figures; search is the server's (`q`). */
import type { LinkPage, ListedLink } from './api'
import { $, el, show } from './dom'
import { fmt } from './format'
import { handleError, sayError } from './notices'
import { renderRows } from './rows'
import { signedIn } from './sign-in'

const PAGE_SIZE = 20

const listView = $('list-view')
const listTitle = $('list-title')
const linksTable = $<HTMLTableElement>('links-table')
const listMessage = $('list-message')
const pager = $('pager')
const prevButton = $<HTMLButtonElement>('prev-page')
const nextButton = $<HTMLButtonElement>('next-page')
const pageLabel = $('page-label')
const searchInput = $<HTMLInputElement>('search')

/** What the pages on screen were read for: all links (''), or those the server found for this search. */
let query = ''
/** What the latest load asked for, answered or not. */
let requested = ''
/** cursors[i] fetches page i of `query`; page 0 needs none. */
let cursors: (string | null)[] = [null]
let pageIndex = 0
let pageLinks: ListedLink[] = []
let nextCursor: string | null = null
let listLoaded = false
let listDirty = false
/** Bumped by every load, so a slow answer for an older one is dropped. */
let listSeq = 0

/** What "Create your first link" does: open the create dialog (wired by main, as that dialog updates this list). */
let createLink: (event: Event) => void = () => {}

export function offerCreate(open: (event: Event) => void) {
  createLink = open
}

/** Shows the list, read again: from page one if it changed, else the page on screen with fresh figures. */
export function openList(focus: boolean) {
  show(listView, true)
  void loadList()
  if (focus) listTitle.focus()
}

export function hideList() {
  show(listView, false)
}

/** On signing out: nothing read with the old key stays. */
export function resetList() {
  query = ''
  requested = ''
  cursors = [null]
  pageIndex = 0
  pageLinks = []
  nextCursor = null
  listLoaded = false
  listDirty = false
  listSeq++
  renderRows([])
  searchInput.value = ''
}

/** After a change: the next time the list shows, it is read again from page one. */
export function invalidateList() {
  listDirty = true
}

function setListMessage(...content: (Node | string)[]) {
  listMessage.replaceChildren(...content)
}

/** Reads page `index` of what the search box asks for (a new search starts at page one). */
async function loadList(index = pageIndex) {
  const api = signedIn()
  if (!api) return
  const q = searchInput.value.trim()
  if (listDirty || q !== query) {
    cursors = [null]
    index = 0
    listDirty = false
  }
  const seq = ++listSeq
  requested = q
  linksTable.setAttribute('aria-busy', 'true')
  setListMessage(q ? 'Searching…' : 'Loading links…')
  prevButton.disabled = true
  nextButton.disabled = true
  let page: LinkPage
  try {
    page = await api.list(PAGE_SIZE, cursors[index], q)
  } catch (err) {
    if (seq !== listSeq) return
    linksTable.removeAttribute('aria-busy')
    setListMessage(pageLinks.length ? '' : 'The links could not be loaded.')
    updatePager()
    handleError(err, q ? 'Searching' : 'Loading links', () => void loadList(index))
    return
  }
  if (seq !== listSeq) return
  linksTable.removeAttribute('aria-busy')
  sayError('')
  listLoaded = true
  query = q
  pageIndex = index
  pageLinks = page.links
  nextCursor = page.cursor
  cursors[index + 1] = page.cursor
  cursors.length = index + 2
  // A page emptied by deletions: step back rather than show nothing.
  if (pageLinks.length === 0 && index > 0) return loadList(index - 1)
  renderRows(pageLinks)
  setListMessage(...summary())
  updatePager()
}

/** What the list message says of the page on screen. */
function summary(): (Node | string)[] {
  const first = pageIndex * PAGE_SIZE + 1
  const last = first + pageLinks.length - 1
  if (!query) {
    if (pageLinks.length === 0) return [emptyState()]
    return [el('span', { className: 'visually-hidden', textContent: `Showing links ${first} to ${last}.` })]
  }
  if (pageLinks.length === 0) return [`No links match “${query}”.`]
  // The server says no total: it is known only when every match fits on page one.
  if (pageIndex === 0 && nextCursor === null)
    return [`${fmt(pageLinks.length)} ${pageLinks.length === 1 ? 'link matches' : 'links match'} “${query}”.`]
  return [
    first === last
      ? `Link ${fmt(first)} of those matching “${query}”.`
      : `Links ${fmt(first)} to ${fmt(last)} of those matching “${query}”.`,
  ]
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
  show(pager, listLoaded && (pageIndex > 0 || nextCursor !== null))
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

// Typing searches once it pauses; Enter searches at once.
let searchTimer: ReturnType<typeof setTimeout> | undefined
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer)
  searchTimer = setTimeout(() => {
    if (searchInput.value.trim() !== requested) void loadList(0)
  }, 250)
})
$<HTMLFormElement>('search-form').addEventListener('submit', (event) => {
  event.preventDefault()
  clearTimeout(searchTimer)
  void loadList(0)
})
