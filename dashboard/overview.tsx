/**
 * @module The overview, first after sign-in: over the period chosen, the totals, clicks per day by
 * channel, the top articles with their channel split, previews by crawler platform (private chats
 * first), referrers and countries; each breakdown downloadable as the API's CSV.
 */
import { useEffect, useRef } from 'hono/jsx/dom'
import type { Rows } from './api'
import { type BarRow, BarTable, DayChart, SplitBar } from './charts'
import { channelName, countryName, displayUrl, fmt, PRIVATE_CHATS, percent, platformName, referrerName } from './format'
import { Freshness, useLive } from './live'
import { CsvButton, Panel, PeriodPicker, Stat, useArrivalFocus } from './parts'
import { currentPeriod, describePeriod, period } from './period'
import { readReport, scopeOf } from './report'
import { articleHref } from './router'

/** Previews by platform, the private chats first and named as such. */
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
        caption="Previews by crawler platform"
        what="Platform"
        unit="Previews"
        rows={[...rows.filter((r) => r.note), ...rows.filter((r) => !r.note)]}
        total={props.total}
        empty="No card was fetched in this period."
      />
    </>
  )
}

export function ChannelBars(props: { rows: Rows['channels'][]; total: number; id: string }) {
  return (
    <BarTable
      id={props.id}
      caption="Clicks by channel"
      what="Channel"
      unit="Clicks"
      rows={props.rows.map((r) => ({
        key: r.channel ?? 'none',
        label: channelName(r.channel),
        value: r.clicks,
        cls: `ch-${r.channel ?? 'none'}`,
      }))}
      total={props.total}
      empty="No clicks in this period."
    />
  )
}

function TopArticles(props: { rows: Rows['articles'][]; caption: string }) {
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
            </td>
            <td class="split-cell">
              <SplitBar parts={Object.entries(a.byChannel).map(([key, value]) => ({ key, label: channelName(key), value }))} />
            </td>
            <td class="num" data-label="Clicks">
              {fmt(a.clicks)}
            </td>
            <td class="num" data-label="Previews">
              {fmt(a.previews)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function Overview() {
  const p = period.use()
  const live = useLive((api) => readReport(api, currentPeriod()), [p.start, p.end], 'Loading the overview')
  const heading = useRef<HTMLHeadingElement>(null)
  useArrivalFocus(heading)
  useEffect(() => {
    document.title = 'Overview · sharelink'
  }, [])
  const r = live.data
  const inChats = r ? r.platforms.filter((x) => PRIVATE_CHATS.has(x.platform)).reduce((sum, x) => sum + x.previews, 0) : null
  const during = describePeriod(p)

  return (
    <section id="overview" aria-labelledby="overview-title" aria-busy={live.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h1 id="overview-title" tabindex={-1} ref={heading}>
          Overview
        </h1>
      </div>
      <PeriodPicker />
      <Freshness at={live.at} busy={live.busy} onRefresh={live.reload} />
      <div class="stats stats-3">
        <Stat id="total-clicks" label="Clicks" value={r?.totals.clicks ?? null} hint="Readers sent on to the articles" />
        <Stat id="total-previews" label="Previews" value={r?.totals.previews ?? null} hint="Cards fetched by the platforms’ crawlers" />
        <Stat
          id="chat-previews"
          label="In private chats"
          value={inChats}
          hint={r ? `${percent(inChats ?? 0, r.totals.previews)} of previews: WhatsApp, Slack, Telegram, Discord, iMessage` : ''}
        />
      </div>
      {r && (
        <>
          <Panel
            id="daily"
            title="Clicks per day, by channel"
            actions={<CsvButton groupBy="timeseries" scope={scopeOf('timeseries', p)} what="clicks per day" />}
          >
            <DayChart id="daily-chart" days={r.days} series={r.series} what="clicks" />
          </Panel>
          <Panel
            id="top-articles"
            title="Top articles"
            actions={<CsvButton groupBy="articles" scope={scopeOf('articles', p)} what="the top articles" />}
          >
            <TopArticles rows={r.articles ?? []} caption={`Top articles by clicks. ${during}`} />
          </Panel>
          <div class="grid-2">
            <Panel
              id="platforms"
              title="Previews by platform"
              actions={<CsvButton groupBy="platforms" scope={scopeOf('platforms', p)} what="previews by platform" />}
            >
              <PlatformBars id="platforms-table" rows={r.platforms} total={r.totals.previews} />
            </Panel>
            <Panel
              id="channels"
              title="Clicks by channel"
              actions={<CsvButton groupBy="channels" scope={scopeOf('channels', p)} what="clicks by channel" />}
            >
              <ChannelBars id="channels-table" rows={r.channels} total={r.totals.clicks} />
            </Panel>
            <Panel
              id="referrers"
              title="Referrers"
              actions={<CsvButton groupBy="referrers" scope={scopeOf('referrers', p)} what="referrers" />}
            >
              <BarTable
                id="referrers-table"
                caption="Clicks by referrer"
                what="Referrer"
                unit="Clicks"
                rows={(r.referrers ?? []).map((x) => ({ key: x.referrer, label: referrerName(x.referrer), value: x.clicks }))}
                total={r.totals.clicks}
                empty="No clicks in this period."
              />
            </Panel>
            <Panel
              id="countries"
              title="Countries"
              actions={<CsvButton groupBy="countries" scope={scopeOf('countries', p)} what="countries" />}
            >
              <BarTable
                id="countries-table"
                caption="Clicks by country"
                what="Country"
                unit="Clicks"
                rows={(r.countries ?? []).map((x) => ({ key: x.country, label: countryName(x.country), value: x.clicks }))}
                total={r.totals.clicks}
                empty="No clicks in this period."
              />
            </Panel>
          </div>
        </>
      )}
    </section>
  )
}
