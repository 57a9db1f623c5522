/**
 * The publisher's dashboard, GET /dashboard (public/dashboard.html). Talks only to the admin API
 * of its own origin, with the key from sessionStorage in an Authorization header.
 *
 * Everything from the API reaches the page through textContent and DOM properties, never as
 * markup: titles and URLs are the articles' own and may hold anything.
 */
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import type uPlot from 'uplot'
import { Api, ApiError, CHANNELS, type Channel, type CreateInput, type Link, type Stats } from './api'
import { dailySeries, drawChart } from './chart'

const KEY_STORAGE = 'sharelink.apiKey'
const PAGE_TITLE = document.title
const PAGE_SIZE = 20
/** Stats requests in flight at once for the rows of a page. */
const STATS_CONCURRENCY = 6
/** Search reads the listing in pages this big... */
const SEARCH_PAGE = 100
/** ...and at most this many of them per search, before asking to go on. */
const SEARCH_PAGES_PER_RUN = 5
/** Results shown (and whose stats are read) per search. */
const SEARCH_SHOWN = 50

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

// ---------------------------------------------------------------------------------------------
// DOM helpers

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing from dashboard.html`)
  return el as T
}

/** An element with text (never markup) and attributes set as properties. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Pick<HTMLElementTagNameMap[K], 'className' | 'textContent'>> & Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'scope') node.setAttribute(k, String(v))
    else (node as unknown as Record<string, unknown>)[k] = v
  }
  node.append(...children)
  return node
}

const show = (node: HTMLElement, visible: boolean) => void (node.hidden = !visible)

const numberFmt = new Intl.NumberFormat('en-US')
const fmt = (n: number) => numberFmt.format(n)
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' })
  } catch {
    return null
  }
})()

function formatDate(iso: string): string {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? dateFmt.format(t) : iso
}

function channelName(channel: string | null): string {
  return channel && channel in CHANNEL_NAMES ? CHANNEL_NAMES[channel as Channel] : channel ?? ''
}

function countryName(code: string): string {
  if (code === 'XX' || !/^[A-Z]{2}$/.test(code)) return 'Unknown'
  try {
    const name = regionNames?.of(code)
    return name && name !== code ? `${name} (${code})` : code
  } catch {
    return code
  }
}

const referrerName = (host: string) => (host === 'direct' ? 'Direct or unknown' : host)

/** The article URL, readable: no scheme, percent-escapes decoded where valid. */
function displayUrl(url: string): string {
  let text = url.replace(/^https?:\/\//, '')
  try {
    text = decodeURI(text)
  } catch {}
  return text
}

function linkState(link: Link): { text: string; live: boolean } {
  if (link.disabled) return { text: 'Disabled', live: false }
  if (link.expiresAt && Date.parse(link.expiresAt) <= Date.now()) return { text: 'Expired', live: false }
  return { text: 'Active', live: true }
}

// ---------------------------------------------------------------------------------------------
// Notices: one polite status line for what went right, one alert for what went wrong.

const statusEl = $('status')
const errorEl = $('error')
let statusTimer: ReturnType<typeof setTimeout> | undefined
/** Set when the dashboard itself navigates after an action, whose message should stay. */
let keepStatus = false

function say(message: string) {
  clearTimeout(statusTimer)
  statusEl.textContent = message
  if (message) statusTimer = setTimeout(() => (statusEl.textContent = ''), 8000)
}

function sayError(message: string, retry?: { label: string; run: () => void }) {
  errorEl.replaceChildren()
  if (!message) return
  errorEl.append(el('span', { textContent: message }))
  if (retry) {
    const button = el('button', { type: 'button', className: 'btn btn-small', textContent: retry.label })
    button.addEventListener('click', () => {
      sayError('')
      retry.run()
    })
    errorEl.append(button)
  }
}

/** An error from an API call, in words. A 401 means the key is no longer good: ask again. */
function describe(err: unknown, doing: string): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return `${doing} failed: ${err.message}`
    return `${doing} failed: ${err.message} (${err.code}).`
  }
  return `${doing} failed: ${err instanceof Error ? err.message : String(err)}`
}

function handleError(err: unknown, doing: string, retry?: () => void): void {
  if (err instanceof ApiError && err.status === 401) {
    signOut('The API key was not accepted (it may have been changed). Enter it again.')
    return
  }
  sayError(describe(err, doing), retry && { label: 'Try again', run: retry })
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

const signInView = $('sign-in')
const signInForm = $<HTMLFormElement>('sign-in-form')
const keyInput = $<HTMLInputElement>('api-key')
const signInError = $('sign-in-error')
const signInSubmit = $<HTMLButtonElement>('sign-in-submit')
const signOutButton = $<HTMLButtonElement>('sign-out')
const listView = $('list-view')
const detailView = $('detail-view')

let api: Api | null = null

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE)
  } catch {
    return null
  }
}

function storeKey(key: string | null) {
  try {
    if (key === null) sessionStorage.removeItem(KEY_STORAGE)
    else sessionStorage.setItem(KEY_STORAGE, key)
  } catch {
    // Storage refused (private mode, say): the key then lasts as long as the page.
  }
}

function showSignIn(message = '') {
  api = null
  chart?.destroy()
  chart = null
  closeDialogs()
  show(signOutButton, false)
  show(listView, false)
  show(detailView, false)
  show(signInView, true)
  document.title = PAGE_TITLE
  signInError.textContent = message
  keyInput.setAttribute('aria-invalid', message ? 'true' : 'false')
  keyInput.value = ''
  if (message) keyInput.focus()
}

function signOut(message = '') {
  storeKey(null)
  resetCaches()
  say('')
  sayError('')
  showSignIn(message)
  if (!message) say('Signed out.')
}

signOutButton.addEventListener('click', () => signOut())

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  const key = keyInput.value.trim()
  if (!key) {
    signInError.textContent = 'Enter the API key.'
    keyInput.setAttribute('aria-invalid', 'true')
    keyInput.focus()
    return
  }
  signInSubmit.disabled = true
  signInError.textContent = 'Checking the key…'
  const candidate = new Api(key)
  try {
    // Any admin call checks the key; the first page is wanted next anyway.
    await candidate.list(1)
  } catch (err) {
    signInSubmit.disabled = false
    keyInput.setAttribute('aria-invalid', 'true')
    if (err instanceof ApiError && err.status === 401) {
      signInError.textContent = 'That API key was not accepted. Check it and enter it again.'
      keyInput.select()
    } else {
      signInError.textContent = describe(err, 'Signing in')
    }
    keyInput.focus()
    return
  }
  signInSubmit.disabled = false
  signInError.textContent = ''
  keyInput.value = ''
  keyInput.setAttribute('aria-invalid', 'false')
  storeKey(key)
  start(candidate, true)
})

function start(client: Api, justSignedIn = false) {
  api = client
  show(signInView, false)
  show(signOutButton, true)
  if (justSignedIn) say('Signed in.')
  route(true)
}

// ---------------------------------------------------------------------------------------------
// Routing: #/ is the list, #/link/<code> one link. The hash holds no secret.

function currentCode(): string | null {
  const m = /^#\/link\/([A-Za-z0-9_-]{1,64})$/.exec(location.hash)
  return m ? m[1]! : null
}

function route(focus = false) {
  if (!api) return
  closeDialogs()
  const code = currentCode()
  if (code) {
    show(listView, false)
    show(detailView, true)
    void loadDetail(code, focus)
  } else {
    document.title = PAGE_TITLE
    chart?.destroy()
    chart = null
    show(detailView, false)
    show(listView, true)
    if (listDirty || !listLoaded) void loadList()
    else void refreshListStats()
    if (focus) $('list-title').focus()
  }
}

window.addEventListener('hashchange', () => {
  sayError('')
  // A message about the view left behind goes; one said on the way here ("Link created") stays.
  if (!keepStatus) say('')
  keepStatus = false
  route(true)
})

// ---------------------------------------------------------------------------------------------
// The list: pages by cursor, stats per row, and search over what has been loaded.

const linksBody = $<HTMLTableSectionElement>('links-body')
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
/** Stats cells of the rows on screen, by code. */
let statCells = new Map<string, { clicks: HTMLElement; previews: HTMLElement }>()

interface SearchCache {
  links: Link[]
  cursor: string | null
  done: boolean
}
let searchCache: SearchCache | null = null

function resetCaches() {
  cursors = [null]
  pageIndex = 0
  pageLinks = []
  nextCursor = null
  listLoaded = false
  listDirty = false
  searchCache = null
  listSeq++
  linksBody.replaceChildren()
  statCells = new Map()
  searchInput.value = ''
}

/** After a change: the next time the list shows, it is read again from page one. */
function invalidateList() {
  listDirty = true
  searchCache = null
}

function setListMessage(...content: (Node | string)[]) {
  listMessage.replaceChildren(...content)
}

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
  const channel = link.channel ? el('span', { className: 'pill', textContent: channelName(link.channel) }) : el('span', { className: 'muted', textContent: '—' })
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

function renderRows(links: Link[]) {
  statCells = new Map()
  linksBody.replaceChildren(...links.map(linkRow))
}

/** Reads the stats of the rows on screen, a few at a time; figures as flushed to KV (cheap). */
async function loadRowStats(codes: string[], seq: number) {
  const queue = [...codes]
  let failed = 0
  const worker = async () => {
    for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
      const cells = statCells.get(code)
      let stats: Stats | null = null
      try {
        stats = await api!.stats(code, false)
      } catch (err) {
        if (seq !== listSeq) return
        if (err instanceof ApiError && err.status === 401) return handleError(err, 'Reading figures')
        failed++
      }
      if (seq !== listSeq || !cells) continue
      cells.clicks.textContent = stats ? fmt(stats.clicks) : 'n/a'
      cells.previews.textContent = stats ? fmt(stats.previews) : 'n/a'
      cells.clicks.removeAttribute('aria-busy')
      cells.previews.removeAttribute('aria-busy')
    }
  }
  await Promise.all(Array.from({ length: Math.min(STATS_CONCURRENCY, codes.length) }, worker))
  if (failed && seq === listSeq) sayError(`The figures of ${failed} link${failed === 1 ? '' : 's'} could not be read.`, { label: 'Try again', run: () => void refreshListStats() })
}

async function refreshListStats() {
  if (searchInput.value.trim()) return runSearch(searchInput.value.trim(), false)
  const seq = ++listSeq
  const codes = [...statCells.keys()]
  await loadRowStats(codes, seq)
}

async function loadList(index = pageIndex) {
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
  await loadRowStats(pageLinks.map((l) => l.code), seq)
}

function emptyState(): HTMLElement {
  const button = el('button', { type: 'button', className: 'btn btn-primary', textContent: 'Create your first link' })
  button.addEventListener('click', (event) => openCreate(event))
  return el('div', { className: 'empty' }, el('strong', { textContent: 'No links yet' }), 'Short links made by the share buttons or here will show up in this list.', el('br'), button)
}

function updatePager() {
  const searching = searchInput.value.trim() !== ''
  show(pager, !searching && (pageIndex > 0 || nextCursor !== null))
  prevButton.disabled = pageIndex === 0
  nextButton.disabled = nextCursor === null
  pageLabel.textContent = `Page ${pageIndex + 1}`
}

prevButton.addEventListener('click', () => void loadList(pageIndex - 1).then(() => prevButton.disabled && $('list-title').focus()))
nextButton.addEventListener('click', () => void loadList(pageIndex + 1).then(() => nextButton.disabled && $('list-title').focus()))
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
  await loadRowStats(shown.map((l) => l.code), seq)
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

// ---------------------------------------------------------------------------------------------
// Creating a link

const createDialog = $<HTMLDialogElement>('create-dialog')
const createForm = $<HTMLFormElement>('create-form')
const createError = $('create-error')
const createSubmit = $<HTMLButtonElement>('create-submit')
const createUrl = $<HTMLInputElement>('create-url')
const createSlug = $<HTMLInputElement>('create-slug')
const createChannel = $<HTMLSelectElement>('create-channel')
const createTitle = $<HTMLInputElement>('create-title-input')
let createOpener: HTMLElement | null = null

function openCreate(event?: Event) {
  createOpener = (event?.currentTarget as HTMLElement | null) ?? null
  createForm.reset()
  createDialog.returnValue = ''
  createError.textContent = ''
  for (const input of [createUrl, createSlug]) input.setAttribute('aria-invalid', 'false')
  createDialog.showModal()
  createUrl.focus()
}

$('new-link').addEventListener('click', (event) => openCreate(event))
$('create-cancel').addEventListener('click', () => createDialog.close())
createDialog.addEventListener('close', () => {
  if (createOpener?.isConnected) createOpener.focus()
  else if (!createDialog.returnValue) $('list-title').focus()
})

// Editing a field takes back what was said about it.
createForm.addEventListener('input', (event) => {
  const target = event.target as HTMLElement
  if (target.getAttribute('aria-invalid') === 'true') {
    target.setAttribute('aria-invalid', 'false')
    createError.textContent = ''
  }
})

function invalid(input: HTMLInputElement, message: string) {
  input.setAttribute('aria-invalid', 'true')
  createError.textContent = message
  input.focus()
}

createForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  if (!api) return
  for (const input of [createUrl, createSlug]) input.setAttribute('aria-invalid', 'false')
  const url = createUrl.value.trim()
  const slug = createSlug.value.trim()
  const title = createTitle.value.trim()
  const channel = createChannel.value
  if (!url) return invalid(createUrl, 'Enter the article’s URL.')
  if (!/^https?:\/\/\S+$/i.test(url)) return invalid(createUrl, 'The article URL must start with https:// or http://.')
  if (slug && !/^[A-Za-z0-9_-]{3,64}$/.test(slug)) return invalid(createSlug, 'A slug is 3 to 64 letters, digits, _ or -.')
  const input: CreateInput = { url }
  if (slug) input.slug = slug
  if (title) input.title = title
  if ((CHANNELS as readonly string[]).includes(channel)) input.channel = channel as Channel
  createSubmit.disabled = true
  createError.textContent = 'Creating the link (reading the article)…'
  try {
    const link = await api.create(input)
    createDialog.returnValue = 'created'
    createDialog.close()
    invalidateList()
    say(`Link created: ${link.shortUrl}`)
    keepStatus = true
    location.hash = `#/link/${link.code}`
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      createDialog.close()
      return handleError(err, 'Creating the link')
    }
    createError.textContent = describe(err, 'Creating the link')
    if (err instanceof ApiError && err.code === 'slug_taken') createSlug.setAttribute('aria-invalid', 'true')
    if (err instanceof ApiError && (err.code === 'invalid_url' || err.code === 'host_not_allowed')) createUrl.setAttribute('aria-invalid', 'true')
  } finally {
    createSubmit.disabled = false
  }
})

// ---------------------------------------------------------------------------------------------
// One link: figures, chart, breakdowns, QR code and actions

const detailMessage = $('detail-message')
const detailBody = $('detail-body')
const chartEl = $('chart')
const toggleButton = $<HTMLButtonElement>('toggle-link')
const refreshButton = $<HTMLButtonElement>('refresh-link')
const copyButton = $<HTMLButtonElement>('copy-link')
const deleteButton = $<HTMLButtonElement>('delete-link')
const deleteDialog = $<HTMLDialogElement>('delete-dialog')
const deleteError = $('delete-error')
let chart: uPlot | null = null
let current: Link | null = null
let detailSeq = 0

async function loadDetail(code: string, focus: boolean) {
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
      detailMessage.replaceChildren(el('div', { className: 'empty' }, el('strong', { textContent: 'Link not found' }), `There is no link “${code}”: it may have been deleted.`))
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

function renderLink(link: Link) {
  current = link
  show(detailBody, true)
  const state = linkState(link)
  const badge = $('d-state')
  badge.textContent = state.text
  badge.className = state.live ? 'badge' : 'badge badge-off'
  $('d-channel').textContent = link.channel ? channelName(link.channel) : ''
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
  const rows = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (rows.length === 0) {
    table.replaceChildren(el('caption', { className: 'muted caption-empty', textContent: 'No clicks yet.' }))
    return
  }
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: what }), el('th', { scope: 'col', className: 'num', textContent: 'Clicks' }))),
    el('tbody', {}, ...rows.map(([key, n]) => el('tr', {}, el('th', { scope: 'row', textContent: name(key) }), el('td', { className: 'num', textContent: fmt(n) })))),
  )
}

function renderStats(link: Link, stats: Stats) {
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
    `Exact figures as of ${timeFmt.format(new Date())}. Days in UTC` + (series.truncated ? '; the last 12 months shown.' : '.')
  chartEl.setAttribute('aria-label', `Bar chart of clicks per day, ${formatDate(first)} to ${formatDate(last)}: ${fmt(total)} clicks in all. The figures are in the table that follows.`)
  $('day-body').replaceChildren(
    ...series.days.map((day, i) => el('tr', {}, el('th', { scope: 'row', textContent: day }), el('td', { textContent: String(series.clicks[i]) }))),
  )
  chartEl.dataset.days = String(series.days.length)
  chartEl.dataset.total = String(total)
  // Drawn once the section is visible, so uPlot measures its real width.
  requestAnimationFrame(() => {
    if (current?.code === link.code && !detailView.hidden) chart = drawChart(chartEl, series, chart)
  })
}

$('reload-stats').addEventListener('click', async () => {
  if (!api || !current) return
  const link = current
  try {
    const stats = await api.stats(link.code, true)
    if (current?.code !== link.code) return
    renderStats(link, stats)
    say(`Figures updated: ${fmt(stats.clicks)} clicks, ${fmt(stats.previews)} previews.`)
  } catch (err) {
    handleError(err, 'Updating the figures')
  }
})

copyButton.addEventListener('click', async () => {
  if (!current) return
  const text = current.shortUrl
  try {
    await navigator.clipboard.writeText(text)
    say(`Copied ${text}`)
  } catch {
    // No clipboard access (an insecure origin, or refused): select it for a manual copy.
    const code = $('d-short')
    const range = document.createRange()
    range.selectNodeContents(code)
    const sel = getSelection()
    sel?.removeAllRanges()
    sel?.addRange(range)
    sayError('The browser did not allow copying: the short link is selected, press Ctrl+C (or ⌘C) to copy it.')
  }
})

/** Runs an action on the current link with its button busy; the result replaces the link. */
async function act(button: HTMLButtonElement, doing: string, run: (a: Api, l: Link) => Promise<Link>, done: (l: Link) => string) {
  if (!api || !current) return
  button.disabled = true
  button.setAttribute('aria-busy', 'true')
  try {
    const next = await run(api, current)
    invalidateList()
    renderLink(next)
    say(done(next))
  } catch (err) {
    handleError(err, doing)
  } finally {
    button.disabled = false
    button.removeAttribute('aria-busy')
  }
}

toggleButton.addEventListener('click', () =>
  act(
    toggleButton,
    current?.disabled ? 'Enabling the link' : 'Disabling the link',
    (a, l) => a.setDisabled(l.code, !l.disabled),
    (l) => (l.disabled ? 'Link disabled: it now answers “410 Gone”.' : 'Link enabled: it redirects again.'),
  ),
)

refreshButton.addEventListener('click', () =>
  act(refreshButton, 'Refreshing the preview', (a, l) => a.refresh(l.code), (l) => `Preview refreshed from the article: “${l.title}”.`),
)

deleteButton.addEventListener('click', () => {
  deleteError.textContent = ''
  deleteDialog.showModal()
  $('delete-cancel').focus()
})
$('delete-cancel').addEventListener('click', () => deleteDialog.close())
deleteDialog.addEventListener('close', () => {
  if (!detailView.hidden && deleteDialog.returnValue !== 'deleted') deleteButton.focus()
  deleteDialog.returnValue = ''
})
$<HTMLButtonElement>('delete-confirm').addEventListener('click', async (event) => {
  if (!api || !current) return
  const button = event.currentTarget as HTMLButtonElement
  const link = current
  button.disabled = true
  try {
    await api.remove(link.code)
    deleteDialog.returnValue = 'deleted'
    deleteDialog.close()
    invalidateList()
    current = null
    say(`Link ${link.shortUrl} deleted.`)
    keepStatus = true
    location.hash = '#/'
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      deleteDialog.close()
      handleError(err, 'Deleting the link')
    } else {
      deleteError.textContent = describe(err, 'Deleting the link')
    }
  } finally {
    button.disabled = false
  }
})

function closeDialogs() {
  if (createDialog.open) createDialog.close()
  if (deleteDialog.open) deleteDialog.close()
}

// ---------------------------------------------------------------------------------------------
// Start: signed in already in this tab, or ask.

const saved = storedKey()
if (saved) start(new Api(saved))
else showSignIn()
