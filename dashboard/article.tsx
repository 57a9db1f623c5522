/**
 * @module One article: over the period chosen, its totals (and their change), its clicks over time
 * and per channel with its shares, the cards the platforms fetched and search engines' crawls;
 * then every live link it has, each with its card as the platforms draw it and its QR code. Two
 * API calls: the overview of the article (GET /api/analytics/overview?url=) and its links.
 */
import type { Api, ListedLink } from './api'
import { ChannelsPanel, coveredOf, PlatformsPanel, SearchEnginesPanel, SeriesPanel, Totals } from './breakdowns'
import { CardPreview } from './card'
import { channelName, displayUrl, fmt, linkState, UNREAD_CARD } from './format'
import { Freshness, useLive } from './live'
import { PeriodPicker, useView } from './parts'
import { period, previousOf } from './period'
import { readOverview } from './report'
import { linkHref, overviewHref } from './router'

/** Links per article are few (one per channel, and those made by hand): a few pages at most. */
async function articleLinks(api: Api, url: string): Promise<ListedLink[]> {
  const out: ListedLink[] = []
  let cursor: string | null = null
  for (let page = 0; page < 5; page++) {
    const answer = await api.list(100, cursor, undefined, url)
    out.push(...answer.links)
    cursor = answer.cursor
    if (!cursor) break
  }
  return out
}

function LinkCard(props: { link: ListedLink }) {
  const { link } = props
  const state = linkState(link)
  const path = `/${encodeURIComponent(link.code)}`
  return (
    <article class="card link-card" data-code={link.code} aria-labelledby={`link-${link.code}`}>
      <div class="link-card-head">
        <h3 id={`link-${link.code}`}>
          <span class="pill">{channelName(link.channel)}</span> <a href={linkHref(link.code)}>{link.shortUrl}</a>
        </h3>
        <p class="link-card-meta">
          {!state.live && <span class="badge badge-off">{state.text}</span>}
          {link.unfurledAt === null && (
            <span class="badge badge-note" title={UNREAD_CARD.title}>
              {UNREAD_CARD.text}
            </span>
          )}
          <span class="muted">
            All time: <strong class="link-clicks">{fmt(link.clicks)}</strong> clicks, <strong>{fmt(link.previews)}</strong> previews
          </span>
        </p>
      </div>
      <div class="link-card-body">
        <CardPreview link={link} />
        {/* The QR routes answer 410 for a link that no longer redirects. */}
        {state.live && (
          <figure class="qr-small">
            <img class="qr-img" src={`${path}/qr.svg`} width={128} height={128} alt={`QR code for ${link.shortUrl}`} />
            <figcaption>
              <a href={`${path}/qr.png`} download={`${link.code}-qr.png`}>
                PNG
              </a>{' '}
              <a href={`${path}/qr.svg`} download={`${link.code}-qr.svg`}>
                SVG
              </a>
            </figcaption>
          </figure>
        )}
      </div>
    </article>
  )
}

export function ArticlePage(props: { url: string }) {
  const { url } = props
  const p = period.use()
  const report = useLive((api) => readOverview(api, period.get(), { url }), [p, url], 'Loading the article’s figures')
  const links = useLive((api) => articleLinks(api, url), [url], 'Loading the article’s links')
  // The newest link's title is the article's current one (a refresh updates it).
  const title = links.data?.[0]?.title || displayUrl(url)
  const heading = useView(title)
  const d = report.data
  const a = d?.answer
  // What the figures on screen answer: until the next answer comes, the period they were read for.
  const vs = d?.period?.compare ? previousOf(d.period) : null
  const at = report.at && links.at ? new Date(Math.min(report.at.getTime(), links.at.getTime())) : null

  return (
    <section id="article-view" aria-labelledby="article-title" aria-busy={report.busy || links.busy ? 'true' : 'false'}>
      <p class="back">
        <a href={overviewHref()}>← Overview</a>
      </p>
      <div class="detail-head">
        <p class="eyebrow">
          <span class="label">Article</span>
        </p>
        <h1 id="article-title" tabindex={-1} ref={heading}>
          {title}
        </h1>
        <p class="article-url">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {displayUrl(url)}
          </a>
        </p>
      </div>
      <PeriodPicker covered={d?.period === p ? coveredOf(a) : null} />
      <Freshness
        at={at}
        busy={report.busy || links.busy}
        onRefresh={() => {
          report.reload()
          links.reload()
        }}
      />
      <Totals data={d} vs={vs} prefix="article-" what="the article" />
      {d && a && (
        <>
          <SeriesPanel id="article-series" chart="article-series-chart" data={d} csv={`this article’s clicks per ${d.per}`} />
          <div class="grid-2">
            <ChannelsPanel id="article-channels" table="article-channels-table" data={d} vs={vs} csv="this article’s clicks by channel" />
            <PlatformsPanel
              id="article-platforms"
              table="article-platforms-table"
              data={d}
              csv="this article’s previews and crawls by platform"
            />
            <SearchEnginesPanel id="article-search" table="article-search-table" data={d} />
          </div>
        </>
      )}
      <section class="article-links" aria-labelledby="article-links-title">
        <h2 id="article-links-title">{links.data ? `Its links (${links.data.length})` : 'Its links'}</h2>
        <p class="hint">Each link’s card as the platforms draw it, with what will go wrong, and its QR code. Figures here are all-time.</p>
        {links.data && !links.data.length && <p class="muted empty-note">This article has no live links.</p>}
        {links.data?.map((link) => (
          <LinkCard link={link} />
        ))}
      </section>
    </section>
  )
}
