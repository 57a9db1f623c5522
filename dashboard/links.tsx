/**
 * @module The list of links: pages by cursor, newest first, each row with its figures (as last
 * flushed: the listing carries them, no call per row); search is the server's (`q`). The page and
 * search on screen are kept while another view shows, and read again (fresh figures) on return.
 */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import type { Api, ExportFormat, LinkPage, ListedLink } from './api'
import { openCreate } from './create'
import { saveFile } from './download'
import { channelName, displayUrl, fmt, formatDate, linkState, UNREAD_CARD } from './format'
import { invalidateList, type Listing, listing } from './listing'
import { Freshness, useLive } from './live'
import { handleError, say } from './notices'
import { useArrivalFocus } from './parts'
import { useCan } from './roles'
import { linkHref } from './router'
import { session } from './session'
import { newsroomZone, shownZone } from './zone'

const PAGE_SIZE = 20

interface Read {
  listing: Listing
  page: LinkPage
}

/** Reads page `index` of `q` (a new search, or a changed list, starts again at page one). */
async function readPage(api: Api, q: string, index: number): Promise<Read> {
  let cursors = listing.kept.cursors
  if (listing.dirty || q !== listing.kept.query) {
    cursors = [null]
    index = 0
    listing.dirty = false
  }
  const page = await api.list(PAGE_SIZE, cursors[index] ?? null, q)
  // A page emptied by deletions: step back rather than show nothing.
  if (page.links.length === 0 && index > 0) return readPage(api, q, index - 1)
  return { listing: { query: q, cursors: [...cursors.slice(0, index + 1), page.cursor], index }, page }
}

function LinkRow(props: { link: ListedLink; zone: string }) {
  const { link } = props
  const state = linkState(link)
  return (
    <tr data-code={link.code}>
      <td class="title-cell">
        <a href={linkHref(link.code)} class="row-title">
          {link.title || displayUrl(link.url)}
        </a>
        <span class="row-url" title={link.url}>
          {displayUrl(link.url)}
        </span>
        {!state.live && <span class="badge badge-off">{state.text}</span>}
        {link.unfurledAt === null && (
          <span class="badge badge-note" title={UNREAD_CARD.title}>
            {UNREAD_CARD.text}
          </span>
        )}
      </td>
      <td>{link.channel ? <span class="pill">{channelName(link.channel)}</span> : <span class="muted">—</span>}</td>
      <td class="row-meta" data-label="Created">
        <time dateTime={link.createdAt}>{formatDate(link.createdAt, props.zone)}</time>
      </td>
      <td class="num" data-label="Clicks">
        {fmt(link.clicks)}
      </td>
      <td class="num" data-label="Previews">
        {fmt(link.previews)}
      </td>
    </tr>
  )
}

/** What the message under the table says of the page on screen (`canCreate`: an editor's offer of a first link). */
function summary(read: Read, canCreate: boolean) {
  const { query, index } = read.listing
  const links = read.page.links
  const first = index * PAGE_SIZE + 1
  const last = first + links.length - 1
  if (!query) {
    if (!links.length)
      return (
        <div class="empty">
          <strong>No links yet</strong>
          Short links made by the share buttons{canCreate ? ' or here' : ''} will show up in this list.
          {canCreate && (
            <>
              <br />
              <button type="button" class="btn btn-primary" onClick={openCreate}>
                Create your first link
              </button>
            </>
          )}
        </div>
      )
    return <span class="visually-hidden">{`Showing links ${first} to ${last}.`}</span>
  }
  if (!links.length) return `No links match “${query}”.`
  // The server says no total: it is known only when every match fits on page one.
  if (index === 0 && read.page.cursor === null)
    return `${fmt(links.length)} ${links.length === 1 ? 'link matches' : 'links match'} “${query}”.`
  return first === last
    ? `Link ${fmt(first)} of those matching “${query}”.`
    : `Links ${fmt(first)} to ${fmt(last)} of those matching “${query}”.`
}

/**
 * Every link with its all-time figures, as a file (GET /api/links/export, a viewer's right): the
 * file `npm run import` takes into another sharelink. One download at a time.
 */
function ExportButtons() {
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const download = async (format: ExportFormat) => {
    const api = session.get().api
    if (!api || busy) return
    setBusy(format)
    try {
      say(`Downloaded ${saveFile(await api.exportLinks(format))}.`)
    } catch (err) {
      handleError(err, 'Exporting the links')
    } finally {
      setBusy(null)
    }
  }
  return (
    <>
      {(['csv', 'json'] as const).map((format) => (
        <button
          key={format}
          type="button"
          id={`export-${format}`}
          class="btn"
          title={`Every link with its all-time figures, as ${format.toUpperCase()}`}
          // Not `disabled`: that would take the focus from a keyboard user's button while it downloads.
          aria-disabled={busy !== null ? 'true' : undefined}
          onClick={() => download(format)}
        >
          {`Export ${format.toUpperCase()}`}
        </button>
      ))}
    </>
  )
}

export function LinksPage() {
  const [search, setSearch] = useState(listing.kept.query)
  // What to read: the search, the page, and a count that asks again for the same.
  const [want, setWant] = useState({ q: listing.kept.query, index: listing.kept.index, n: 0 })
  const live = useLive((api) => readPage(api, want.q, want.index), [want], want.q ? 'Searching' : 'Loading links')
  const heading = useRef<HTMLHeadingElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const can = useCan()
  const zone = newsroomZone.use() ?? shownZone()
  useArrivalFocus(heading)
  useEffect(() => {
    document.title = 'Links · sharelink'
    return () => clearTimeout(timer.current)
  }, [])
  const read = live.data
  useEffect(() => {
    if (read) listing.kept = read.listing
    // Paged to the end: the button pressed is now disabled, so the focus goes back to the top.
    const focused = document.activeElement as HTMLButtonElement | null
    if (focused?.closest('#pager') && focused.disabled) heading.current?.focus()
  }, [read])

  const go = (q: string, index: number) => setWant({ q, index, n: want.n + 1 })
  const page = (step: number) => go(read?.listing.query ?? '', (read?.listing.index ?? 0) + step)
  const index = read?.listing.index ?? 0
  const hasNext = !!read?.page.cursor
  const loading = live.busy || !read

  return (
    <section id="list-view" aria-labelledby="list-title">
      <div class="view-head">
        <h1 id="list-title" tabindex={-1} ref={heading}>
          Links
        </h1>
        <div class="actions">
          <ExportButtons />
          {can('edit') && (
            <button type="button" id="new-link" class="btn btn-primary" aria-haspopup="dialog" onClick={openCreate}>
              New link
            </button>
          )}
        </div>
      </div>
      <search>
        <form
          id="search-form"
          class="toolbar"
          onSubmit={(event: Event) => {
            event.preventDefault()
            clearTimeout(timer.current)
            go(search.trim(), 0)
          }}
        >
          <div class="field grow">
            <label for="search">Search by article URL, title or code</label>
            <input
              id="search"
              type="search"
              maxlength={200}
              autocomplete="off"
              spellcheck={false}
              placeholder="e.g. election or example.com/2026/"
              value={search}
              onInput={(event: Event) => {
                const value = (event.target as HTMLInputElement).value
                setSearch(value)
                // Typing searches once it pauses; Enter searches at once.
                clearTimeout(timer.current)
                timer.current = setTimeout(() => {
                  if (value.trim() !== want.q) go(value.trim(), 0)
                }, 250)
              }}
            />
          </div>
          <button
            type="button"
            id="reload"
            class="btn"
            onClick={() => {
              invalidateList()
              go(search.trim(), 0)
            }}
          >
            Reload
          </button>
        </form>
      </search>
      <Freshness at={live.at} busy={live.busy} onRefresh={live.reload} />
      {read && read.page.links.length > 0 && (
        <div class="table-wrap">
          <table id="links-table" class="links" aria-busy={live.busy ? 'true' : 'false'}>
            <caption class="visually-hidden">Links, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">Channel</th>
                <th scope="col">Created</th>
                <th scope="col" class="num">
                  Clicks
                </th>
                <th scope="col" class="num">
                  Previews
                </th>
              </tr>
            </thead>
            <tbody id="links-body">
              {read.page.links.map((link) => (
                <LinkRow key={link.code} link={link} zone={zone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div id="list-message" class="message" aria-live="polite">
        {read ? summary(read, can('edit')) : live.error ? 'The links could not be loaded.' : want.q ? 'Searching…' : 'Loading links…'}
      </div>
      <nav id="pager" class="pager" aria-label="Pages of links" hidden={!read || (index === 0 && !hasNext)}>
        <button type="button" id="prev-page" class="btn" disabled={index === 0} onClick={() => !loading && page(-1)}>
          Previous
        </button>
        <span id="page-label" class="muted">{`Page ${index + 1}`}</span>
        <button type="button" id="next-page" class="btn" disabled={!hasNext} onClick={() => !loading && page(1)}>
          Next
        </button>
      </nav>
    </section>
  )
}
