/**
 * @module The overview: over the period chosen (and a section or author, if one is picked), the
 * totals and their change, clicks by channel over time, the top articles with their channel
 * split, shares and clicks per share, the cards the platforms fetched (private chats first) apart
 * from search engines' crawls, referrers and countries; each breakdown downloadable as the API's
 * CSV. One API call draws it all (GET /api/analytics/overview).
 */
import { useEffect, useRef } from 'hono/jsx/dom'
import type { Overview, Rows } from './api'
import { type BarRow, BarTable, SplitBar, TimeChart } from './charts'
import {
  channelName,
  countryName,
  displayUrl,
  fmt,
  PRIVATE_CHATS,
  percent,
  perShare,
  platformName,
  referrerName,
  searchEngineName,
} from './format'
import { Freshness, useLive } from './live'
import { Change, CsvButton, Panel, PeriodPicker, Stat, useArrivalFocus } from './parts'
import { describePeriod, period, previousOf } from './period'
import { type OverviewData, readOverview, scopeOf } from './report'
import { articleHref, type Filters, overviewHref } from './router'

/** Previews the platforms' crawlers fetched (cards), by platform, the private chats first and named as such. */
export function PlatformBars(props: { rows: Rows['platforms'][]; total: number; id: string }) {
  const rows: BarRow[] = props.rows.map((r) => ({
    key: r.platform,
    label: platformName(r.platform),
    value: r.previews,
    note: PRIVATE_CHATS.has(r.platform) ? 'private chat' : undefined,
    cls: PRIVATE_CHATS.has(r.platform) ? 'fill-private' : 'fill',
  }))
  const inChats = rows.filter((r) => r.note).reduce((sum, r) => sum + r.value, 0)
  return (
    <>
      <p class="callout" id={`${props.id}-private`} data-previews={String(inChats)}>
        <strong>{fmt(inChats)}</strong> of {fmt(props.total)} previews ({percent(inChats, props.total)}) were cards drawn in private chats:
        WhatsApp, Slack, Telegram, Discord and iMessage. That is the story passed around where no public share count reaches.
      </p>
      <BarTable
        id={props.id}
        caption="Previews (cards) by crawler platform"
        what="Platform"
        unit="Previews"
        rows={[...rows.filter((r) => r.note), ...rows.filter((r) => !r.note)]}
        total={props.total}
        empty="No card was fetched in this period."
      />
    </>
  )
}

/** Search engines' crawls: they index the article, they draw no card; counted apart from the previews. */
export function SearchEngineBars(props: { rows: Rows['platforms'][]; total: number; id: string }) {
  return (
    <>
      <p class="hint">Fetches by search engines’ crawlers (Googlebot, Bingbot…): they index the article and draw no card.</p>
      <BarTable
        id={props.id}
        caption="Crawls by search engine"
        what="Search engine"
        unit="Crawls"
        rows={props.rows.map((r) => ({ key: r.platform, label: searchEngineName(r.platform), value: r.crawls, cls: 'fill-search' }))}
        total={props.total}
        empty="No search engine crawled these links in this period."
      />
    </>
  )
}

/** Clicks by channel, with each channel's shares and the clicks a share brought; compared, its change. */
export function ChannelBars(props: { rows: Rows['channels'][]; total: number; id: string; vs: string | null }) {
  const { vs } = props
  return (
    <BarTable
      id={props.id}
      caption="Clicks by channel, with shares and clicks per share"
      what="Channel"
      unit="Clicks"
      more={[...(vs ? [`vs ${vs}`] : []), 'Shares', 'Clicks per share']}
      rows={props.rows.map((r) => ({
        key: r.channel ?? 'none',
        label: channelName(r.channel),
        value: r.clicks,
        cls: `ch-${r.channel ?? 'none'}`,
        more: [
          ...(vs ? [<Change now={r.clicks} before={r.previousClicks ?? 0} vs={vs} quiet />] : []),
          fmt(r.shares),
          perShare(r.clicks, r.shares),
        ],
      }))}
      total={props.total}
      empty="No clicks in this period."
    />
  )
}

/** An article's section and author, each a link to the overview kept to it. */
export function ArticleMeta(props: { section: string | null; author: string | null }) {
  if (!props.section && !props.author) return null
  return (
    <span class="row-meta-links">
      {props.section && (
        <a href={overviewHref({ section: props.section })} data-filter="section">
          {props.section}
        </a>
      )}
      {props.section && props.author && ' · '}
      {props.author && (
        <a href={overviewHref({ author: props.author })} data-filter="author">
          {props.author}
        </a>
      )}
    </span>
  )
}

function TopArticles(props: { rows: Rows['articles'][]; caption: string; vs: string | null }) {
  const { vs } = props
  if (!props.rows.length) return <p class="muted empty-note">No article had clicks or previews in this period.</p>
  return (
    <table class="articles" id="top-articles-table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="rank">
            #
          </th>
          <th scope="col">Article</th>
          <th scope="col">Clicks by channel</th>
          <th scope="col" class="num">
            Clicks
          </th>
          {vs && (
            <th scope="col" class="num">
              {`vs ${vs}`}
            </th>
          )}
          <th scope="col" class="num">
            Shares
          </th>
          <th scope="col" class="num">
            Clicks per share
          </th>
          <th scope="col" class="num">
            Previews
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((a, i) => (
          <tr data-url={a.url}>
            <td class="rank">{i + 1}</td>
            <td class="title-cell">
              <a class="row-title" href={articleHref(a.url)}>
                {a.title || displayUrl(a.url)}
              </a>
              <span class="row-url">{displayUrl(a.url)}</span>
              <ArticleMeta section={a.section} author={a.author} />
            </td>
            <td class="split-cell">
              <SplitBar parts={Object.entries(a.byChannel).map(([key, value]) => ({ key, label: channelName(key), value }))} />
            </td>
            <td class="num clicks" data-label="Clicks">
              {fmt(a.clicks)}
            </td>
            {vs && (
              <td class="num" data-label={`vs ${vs}`}>
                <Change now={a.clicks} before={a.previousClicks ?? 0} vs={vs} quiet />
              </td>
            )}
            <td class="num shares" data-label="Shares">
              {fmt(a.shares)}
            </td>
            <td class="num per-share" data-label="Clicks per share">
              {perShare(a.clicks, a.shares)}
            </td>
            <td class="num previews" data-label="Previews">
              {fmt(a.previews)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The totals of an overview or an article: clicks, shares, cards, those in private chats, search engines' crawls; compared, each one's change. */
export function Totals(props: { data: OverviewData | null; vs: string | null; prefix: string; what: string }) {
  const a = props.data?.answer
  const t = a?.totals
  const before = props.vs ? t?.previous : undefined
  const cards = (a?.platforms ?? []).filter((x) => x.previews > 0)
  const inChats = a ? cards.filter((x) => PRIVATE_CHATS.has(x.platform)).reduce((sum, x) => sum + x.previews, 0) : null
  const vs = props.vs ?? undefined
  const id = (name: string) => `${props.prefix}${name}`
  return (
    <div class="stats stats-5">
      <Stat
        id={id('clicks')}
        label="Clicks"
        value={t?.clicks ?? null}
        before={before?.clicks}
        vs={vs}
        hint={`Readers sent on to ${props.what}`}
      />
      <Stat
        id={id('shares')}
        label="Shares"
        value={t?.shares ?? null}
        before={before?.shares}
        vs={vs}
        hint={t ? `Presses of the share buttons: ${perShare(t.clicks, t.shares)} clicks per share` : 'Presses of the share buttons'}
      />
      <Stat
        id={id('previews')}
        label="Previews"
        value={t?.previews ?? null}
        before={before?.previews}
        vs={vs}
        hint="Cards fetched by the platforms’ crawlers"
      />
      <Stat
        id={id('chat-previews')}
        label="In private chats"
        value={inChats}
        hint={t ? `${percent(inChats ?? 0, t.previews)} of previews: WhatsApp, Slack, Telegram, Discord, iMessage` : ''}
      />
      <Stat id={id('crawls')} label="Search engine crawls" value={t?.crawls ?? null} hint="Googlebot, Bingbot and others: no card drawn" />
    </div>
  )
}

/** What the answer covers, for the period picker. */
export const coveredOf = (a: Overview | undefined) => (a ? { timezone: a.timezone, start: a.start, end: a.end } : null)

/** The filters on screen, each with a way to take it off. */
function FilterChips(props: Filters) {
  const { section, author } = props
  if (!section && !author) return null
  return (
    <ul class="filters" aria-label="Filters">
      {section && (
        <li class="filter" data-filter="section">
          Section: <strong>{section}</strong>{' '}
          <a href={overviewHref({ author })}>
            Remove<span class="visually-hidden"> the section filter</span>
          </a>
        </li>
      )}
      {author && (
        <li class="filter" data-filter="author">
          Author: <strong>{author}</strong>{' '}
          <a href={overviewHref({ section })}>
            Remove<span class="visually-hidden"> the author filter</span>
          </a>
        </li>
      )}
    </ul>
  )
}

export function OverviewPage(props: Filters) {
  const { section, author } = props
  const p = period.use()
  const live = useLive((api) => readOverview(api, period.get(), { section, author }), [p, section, author], 'Loading the overview')
  const heading = useRef<HTMLHeadingElement>(null)
  useArrivalFocus(heading)
  useEffect(() => {
    document.title = 'Overview · sharelink'
  }, [])
  const d = live.data
  const a = d?.answer
  // What the figures on screen answer: until the next answer comes, the period they were read for.
  const vs = d?.period?.compare ? previousOf(d.period) : null
  const covered = d?.period === p ? coveredOf(a) : null
  const q = d?.query ?? {}

  return (
    <section id="overview" aria-labelledby="overview-title" aria-busy={live.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h1 id="overview-title" tabindex={-1} ref={heading}>
          Overview
        </h1>
      </div>
      <FilterChips section={section} author={author} />
      <PeriodPicker covered={covered} />
      <Freshness at={live.at} busy={live.busy} onRefresh={live.reload} />
      <Totals data={d} vs={vs} prefix="total-" what="the articles" />
      {d && a && (
        <>
          <Panel
            id="series"
            title={`Clicks per ${d.per}, by channel`}
            actions={<CsvButton groupBy="timeseries" scope={scopeOf('timeseries', q)} what={`clicks per ${d.per}`} />}
          >
            <TimeChart id="series-chart" steps={d.steps} series={d.series} what="clicks" per={d.per} zone={a.timezone} />
          </Panel>
          <Panel
            id="top-articles"
            title="Top articles"
            actions={<CsvButton groupBy="articles" scope={scopeOf('articles', q)} what="the top articles" />}
          >
            <TopArticles rows={a.articles} caption={`Top articles by clicks. ${describePeriod(d.period ?? p, coveredOf(a))}`} vs={vs} />
          </Panel>
          <Panel
            id="channels"
            title="Clicks by channel"
            actions={<CsvButton groupBy="channels" scope={scopeOf('channels', q)} what="clicks by channel" />}
          >
            <ChannelBars id="channels-table" rows={a.channels} total={a.totals.clicks} vs={vs} />
          </Panel>
          <div class="grid-2">
            <Panel
              id="platforms"
              title="Previews by platform"
              actions={<CsvButton groupBy="platforms" scope={scopeOf('platforms', q)} what="previews and crawls by platform" />}
            >
              <PlatformBars id="platforms-table" rows={a.platforms.filter((x) => x.previews > 0)} total={a.totals.previews} />
            </Panel>
            <Panel id="search-engines" title="Search engines">
              <SearchEngineBars id="search-table" rows={a.platforms.filter((x) => x.crawls > 0)} total={a.totals.crawls} />
            </Panel>
            <Panel
              id="referrers"
              title="Referrers"
              actions={<CsvButton groupBy="referrers" scope={scopeOf('referrers', q)} what="referrers" />}
            >
              <BarTable
                id="referrers-table"
                caption="Clicks by referrer"
                what="Referrer"
                unit="Clicks"
                rows={a.referrers.map((x) => ({ key: x.referrer, label: referrerName(x.referrer), value: x.clicks }))}
                total={a.totals.clicks}
                empty="No clicks in this period."
              />
            </Panel>
            <Panel
              id="countries"
              title="Countries"
              actions={<CsvButton groupBy="countries" scope={scopeOf('countries', q)} what="countries" />}
            >
              <BarTable
                id="countries-table"
                caption="Clicks by country"
                what="Country"
                unit="Clicks"
                rows={a.countries.map((x) => ({ key: x.country, label: countryName(x.country), value: x.clicks }))}
                total={a.totals.clicks}
                empty="No clicks in this period."
              />
            </Panel>
          </div>
        </>
      )}
    </section>
  )
}
