/**
 * @module One link: its details and what the one signed in may do to it (copy; an editor: disable
 * or enable, refresh the preview; an admin: delete after a confirmation), its exact figures
 * (clicks per day of the newsroom's zone, by channel, country and referrer; cards by platform,
 * apart from search engines' crawls), its history (editors), its card as the platforms draw it,
 * and its QR code.
 */
import { useRef, useState } from 'hono/jsx/dom'
import { type Api, ApiError, type Link, type Stats } from './api'
import { CardPreview } from './card'
import { type BarRow, BarTable, TimeChart } from './charts'
import { copyOrSelect } from './clipboard'
import { ConfirmDialog } from './confirm'
import {
  channelName,
  countryName,
  displayUrl,
  formatDate,
  linkState,
  NO_CHANNEL,
  perShare,
  platformName,
  referrerName,
  searchEngineName,
  shortDay,
  UNREAD_CARD,
} from './format'
import { LinkHistory } from './history'
import { invalidateList } from './listing'
import { Freshness, useLive } from './live'
import { handleError, say, sayAndKeep } from './notices'
import { Panel, Stat, useView } from './parts'
import { linkDays } from './period'
import { useCan } from './roles'
import { articleHref } from './router'
import { session } from './session'
import { assumedZone, newsroomZone, shownZone } from './zone'

const rowsOf = (counts: Record<string, number>, name: (key: string) => string, cls?: string): BarRow[] =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, value]) => ({ key, label: name(key), value, cls: cls ?? `ch-${key}` }))

/** The confirmation before a deletion. */
function DeleteDialog(props: { link: Link; open: boolean; onClose: (deleted: boolean) => void }) {
  return (
    <ConfirmDialog
      name="delete"
      open={props.open}
      title="Delete this link?"
      confirm="Delete link"
      doing="Deleting the link"
      run={(api) => api.remove(props.link.code)}
      done={() => {
        invalidateList()
        sayAndKeep(`Link ${props.link.shortUrl} deleted.`)
        location.hash = '#/links'
      }}
      onClose={props.onClose}
    >
      <strong id="delete-what">{props.link.shortUrl}</strong> will stop redirecting and answer “410 Gone”. Its figures stay readable through
      the API. This cannot be undone.
    </ConfirmDialog>
  )
}

export function LinkPage(props: { code: string }) {
  const { code } = props
  const live = useLive(
    async (api) => {
      // Exact figures: the counter's, not the copy flushed to KV.
      const [link, stats] = await Promise.all([api.get(code), api.stats(code, true)])
      return { link, stats, at: Date.now() }
    },
    [code],
    'Loading the link',
    (err) => err instanceof ApiError && err.status === 404,
  )
  // What an action answered: newer than the last read, until the next read.
  const [patched, setPatched] = useState<{ link: Link; at: number } | null>(null)
  const [busy, setBusy] = useState<'toggle' | 'refresh' | null>(null)
  const [deleting, setDeleting] = useState(false)
  // Bumped by each change made here: the history reads it.
  const [changed, setChanged] = useState(0)
  const can = useCan()
  const zone = newsroomZone.use()
  const short = useRef<HTMLElement>(null)
  const deleteButton = useRef<HTMLButtonElement>(null)
  const data = live.data
  const link = patched && (!data || patched.at > data.at) ? patched.link : data?.link
  const heading = useView(link ? link.title || link.code : null)

  if (!link || !data) {
    const notFound = live.error instanceof ApiError && live.error.status === 404
    return (
      <section id="detail-view" aria-labelledby="detail-title">
        <p class="back">
          <a href="#/links">← All links</a>
        </p>
        <div id="detail-message" class="message" aria-live="polite">
          {notFound ? (
            <div class="empty">
              <strong>Link not found</strong>
              {`There is no link “${code}”: it may have been deleted.`}
            </div>
          ) : live.error ? (
            'The link could not be loaded.'
          ) : (
            'Loading the link…'
          )}
        </div>
      </section>
    )
  }

  const stats: Stats = data.stats
  const state = linkState(link)
  const unread = link.unfurledAt === null
  const path = `/${encodeURIComponent(link.code)}`
  // The API counts days in the newsroom's zone; until an answer has named it, today is the browser's guess.
  const chart = linkDays(stats.byDay, link.createdAt, zone ?? assumedZone())

  /** Runs an action on the link with its button busy; the answer replaces the link on screen. */
  const act = async (which: 'toggle' | 'refresh', doing: string, run: (api: Api) => Promise<Link>, done: (l: Link) => string) => {
    const api = session.get().api
    if (!api || busy) return
    setBusy(which)
    try {
      const next = await run(api)
      invalidateList()
      setPatched({ link: next, at: Date.now() })
      setChanged((n) => n + 1)
      say(done(next))
    } catch (err) {
      handleError(err, doing)
    } finally {
      setBusy(null)
    }
  }

  const copy = () => copyOrSelect(link.shortUrl, short.current, `Copied ${link.shortUrl}`, 'the short link')

  return (
    <section id="detail-view" aria-labelledby="detail-title">
      <p class="back">
        <a href="#/links">← All links</a>
        <a href={articleHref(link.url)}>Article page →</a>
      </p>
      <div id="detail-body">
        <div class="detail-head">
          <p class="eyebrow">
            <span id="d-state" class={state.live ? 'badge' : 'badge badge-off'}>
              {state.text}
            </span>
            {link.channel && (
              <span id="d-channel" class="pill">
                {channelName(link.channel)}
              </span>
            )}
            {unread && (
              <span id="d-unread" class="badge badge-note" title={UNREAD_CARD.title}>
                {UNREAD_CARD.text}
              </span>
            )}
            <span class="muted">
              Created <time dateTime={link.createdAt}>{formatDate(link.createdAt, shownZone())}</time>
            </span>
          </p>
          <h1 id="detail-title" tabindex={-1} ref={heading}>
            {link.title || displayUrl(link.url)}
          </h1>
          <p class="article-url">
            <a id="d-url" href={link.url} target="_blank" rel="noopener noreferrer">
              {displayUrl(link.url)}
            </a>
          </p>
          {unread && (
            <p id="d-unread-note" class="hint">
              The article could not be read yet, so previews of this link show its address instead of the article’s title and picture.
              “Refresh preview” tries again.
            </p>
          )}
        </div>

        <div class="card shortlink">
          <div class="shortlink-text">
            <span class="label">Short link</span>
            <code id="d-short" ref={short}>
              {link.shortUrl}
            </code>
          </div>
          <fieldset class="actions">
            <legend class="visually-hidden">Actions on this link</legend>
            <button type="button" id="copy-link" class="btn btn-primary" onClick={copy}>
              Copy short link
            </button>
            {can('edit') && (
              <>
                <button
                  type="button"
                  id="toggle-link"
                  class="btn"
                  disabled={busy === 'toggle'}
                  aria-busy={busy === 'toggle' ? 'true' : undefined}
                  onClick={() =>
                    act(
                      'toggle',
                      link.disabled ? 'Enabling the link' : 'Disabling the link',
                      (api) => api.setDisabled(link.code, !link.disabled),
                      (l) => (l.disabled ? 'Link disabled: it now answers “410 Gone”.' : 'Link enabled: it redirects again.'),
                    )
                  }
                >
                  {link.disabled ? 'Enable link' : 'Disable link'}
                </button>
                <button
                  type="button"
                  id="refresh-link"
                  class="btn"
                  disabled={busy === 'refresh'}
                  aria-busy={busy === 'refresh' ? 'true' : undefined}
                  onClick={() =>
                    act(
                      'refresh',
                      'Refreshing the preview',
                      (api) => api.refresh(link.code),
                      (l) =>
                        l.unfurledAt === null
                          ? 'The article could not be read: previews still show its address. Try again later.'
                          : `Preview refreshed from the article: “${l.title}”.`,
                    )
                  }
                >
                  Refresh preview
                </button>
              </>
            )}
            {can('delete') && (
              <button
                type="button"
                id="delete-link"
                class="btn btn-danger"
                aria-haspopup="dialog"
                ref={deleteButton}
                onClick={() => setDeleting(true)}
              >
                Delete…
              </button>
            )}
          </fieldset>
        </div>

        <Freshness exact at={live.at} busy={live.busy} onRefresh={live.reload} label="Update figures" />
        <div class="stats stats-4">
          <Stat id="d-clicks" label="Clicks" value={stats.clicks} hint="People sent on to the article" />
          <Stat id="d-shares" label="Shares" value={stats.shares} hint={`${perShare(stats.clicks, stats.shares)} clicks per share`} />
          <Stat id="d-previews" label="Previews" value={stats.previews} hint="Cards fetched by the platforms’ crawlers" />
          <Stat id="d-crawls" label="Search engine crawls" value={stats.crawls} hint="Googlebot, Bingbot and others: no card drawn" />
        </div>

        <Panel id="chart-panel" title="Clicks per day">
          <p id="chart-note" class="hint">
            {`All time, days of ${zone ?? 'the newsroom’s time zone'}${chart.truncated ? '; the last 12 months shown.' : '.'}`}
          </p>
          <TimeChart
            id="chart"
            steps={chart.days.map((d) => ({ key: d, label: shortDay(d), long: d }))}
            series={[
              {
                key: link.channel ?? NO_CHANNEL,
                label: channelName(link.channel),
                values: chart.days.map((d) => stats.byDay[d] ?? 0),
              },
            ]}
            what="clicks"
            per="day"
            zone={zone}
          />
        </Panel>

        <div class="grid-2 breakdowns">
          <Panel id="by-channel" title="Clicks by channel">
            <BarTable
              caption="Clicks by channel"
              what="Channel"
              unit="Clicks"
              rows={rowsOf(stats.byChannel, channelName)}
              total={stats.clicks}
              empty="No clicks yet."
            />
          </Panel>
          <Panel id="by-platform" title="Previews by platform">
            <BarTable
              caption="Previews (cards) by crawler platform"
              what="Platform"
              unit="Previews"
              rows={rowsOf(stats.byPlatform, platformName, 'fill')}
              total={stats.previews}
              empty="No card fetched yet."
            />
          </Panel>
          <Panel id="by-search-engine" title="Search engines">
            <BarTable
              caption="Crawls by search engine"
              what="Search engine"
              unit="Crawls"
              rows={rowsOf(stats.bySearchEngine, searchEngineName, 'fill-search')}
              total={stats.crawls}
              empty="No search engine crawled it yet."
            />
          </Panel>
          <Panel id="by-country" title="Clicks by country">
            <BarTable
              caption="Clicks by country"
              what="Country"
              unit="Clicks"
              rows={rowsOf(stats.byCountry, countryName, 'fill')}
              total={stats.clicks}
              empty="No clicks yet."
            />
          </Panel>
          <Panel id="by-referrer" title="Clicks by referrer">
            <BarTable
              caption="Clicks by referrer"
              what="Referrer"
              unit="Clicks"
              rows={rowsOf(stats.byReferrer, referrerName, 'fill')}
              total={stats.clicks}
              empty="No clicks yet."
            />
          </Panel>
        </div>

        {can('history') && (
          <Panel id="history" title="History">
            <LinkHistory code={link.code} changed={changed} />
          </Panel>
        )}

        <Panel id="card-panel" title="Card preview">
          <CardPreview link={link} />
        </Panel>

        <Panel id="qr-panel" title="QR code">
          <div class="qr-body">
            {/* The QR routes answer 410 for a link that no longer redirects. */}
            {state.live && <img id="qr-img" src={`${path}/qr.svg`} width={160} height={160} alt={`QR code for ${link.shortUrl}`} />}
            <div>
              <p id="qr-note" class="muted">
                {state.live
                  ? `Scanning it opens ${link.shortUrl}, counted like any click.`
                  : `No QR code while the link is ${state.text.toLowerCase()}.`}
              </p>
              {state.live && (
                <p>
                  <a id="qr-png" class="btn" href={`${path}/qr.png`} download={`${link.code}-qr.png`}>
                    Download PNG
                  </a>{' '}
                  <a id="qr-svg" class="btn" href={`${path}/qr.svg`} download={`${link.code}-qr.svg`}>
                    Download SVG
                  </a>
                </p>
              )}
            </div>
          </div>
        </Panel>
      </div>
      {can('delete') && (
        <DeleteDialog
          link={link}
          open={deleting}
          onClose={(deleted) => {
            setDeleting(false)
            if (!deleted) deleteButton.current?.focus()
          }}
        />
      )}
    </section>
  )
}
