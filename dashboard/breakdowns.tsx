/**
 * @module What an overview answer shows on the overview and on an article's page alike: the
 * totals and their change, clicks over time by channel, and the breakdowns by channel (with
 * shares), by platform (the cards, private chats first) and by search engine. Each page passes its
 * own ids and the words of its CSV buttons; the rest is one drawing for both.
 */
import type { Overview } from './api'
import { type BarRow, BarTable, TimeChart } from './charts'
import { channelName, fmt, PRIVATE_CHATS, percent, perShare, platformName, searchEngineName } from './format'
import { Change, CsvButton, Panel, Stat } from './parts'
import { type OverviewData, scopeOf } from './report'

/** What the answer covers, for the period picker. */
export const coveredOf = (a: Overview | undefined) => (a ? { timezone: a.timezone, start: a.start, end: a.end } : null)

/** Clicks, shares, cards, those in private chats, search engines' crawls; compared, each one's change. */
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

/** Clicks per step of the period (day, hour or five minutes), stacked by channel. `csv` names what its CSV holds. */
export function SeriesPanel(props: { id: string; chart: string; data: OverviewData; csv: string }) {
  const d = props.data
  return (
    <Panel
      id={props.id}
      title={`Clicks per ${d.per}, by channel`}
      actions={<CsvButton groupBy="timeseries" scope={scopeOf('timeseries', d.query)} what={props.csv} />}
    >
      <TimeChart id={props.chart} steps={d.steps} series={d.series} what="clicks" per={d.per} zone={d.answer.timezone} />
    </Panel>
  )
}

/** Clicks by channel, with each channel's shares and the clicks a share brought; compared, its change. */
export function ChannelsPanel(props: { id: string; table: string; data: OverviewData; vs: string | null; csv: string }) {
  const { vs } = props
  const a = props.data.answer
  return (
    <Panel
      id={props.id}
      title="Clicks by channel"
      actions={<CsvButton groupBy="channels" scope={scopeOf('channels', props.data.query)} what={props.csv} />}
    >
      <BarTable
        id={props.table}
        caption="Clicks by channel, with shares and clicks per share"
        what="Channel"
        unit="Clicks"
        more={[...(vs ? [`vs ${vs}`] : []), 'Shares', 'Clicks per share']}
        rows={a.channels.map((r) => ({
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
        total={a.totals.clicks}
        empty="No clicks in this period."
      />
    </Panel>
  )
}

/**
 * Previews the platforms' crawlers fetched (cards), by platform, the private chats first and named
 * as such, after how many of them were in private chats. Its CSV holds the crawls too.
 */
export function PlatformsPanel(props: { id: string; table: string; data: OverviewData; csv: string }) {
  const a = props.data.answer
  const total = a.totals.previews
  const rows: BarRow[] = a.platforms
    .filter((r) => r.previews > 0)
    .map((r) => ({
      key: r.platform,
      label: platformName(r.platform),
      value: r.previews,
      note: PRIVATE_CHATS.has(r.platform) ? 'private chat' : undefined,
      cls: PRIVATE_CHATS.has(r.platform) ? 'fill-private' : 'fill',
    }))
  const inChats = rows.filter((r) => r.note).reduce((sum, r) => sum + r.value, 0)
  return (
    <Panel
      id={props.id}
      title="Previews by platform"
      actions={<CsvButton groupBy="platforms" scope={scopeOf('platforms', props.data.query)} what={props.csv} />}
    >
      <p class="callout" id={`${props.table}-private`} data-previews={String(inChats)}>
        <strong>{fmt(inChats)}</strong> of {fmt(total)} previews ({percent(inChats, total)}) were cards drawn in private chats: WhatsApp,
        Slack, Telegram, Discord and iMessage. That is the story passed around where no public share count reaches.
      </p>
      <BarTable
        id={props.table}
        caption="Previews (cards) by crawler platform"
        what="Platform"
        unit="Previews"
        rows={[...rows.filter((r) => r.note), ...rows.filter((r) => !r.note)]}
        total={total}
        empty="No card was fetched in this period."
      />
    </Panel>
  )
}

/** Search engines' crawls: they index the article, they draw no card; counted apart from the previews. */
export function SearchEnginesPanel(props: { id: string; table: string; data: OverviewData }) {
  const a = props.data.answer
  return (
    <Panel id={props.id} title="Search engines">
      <p class="hint">Fetches by search engines’ crawlers (Googlebot, Bingbot…): they index the article and draw no card.</p>
      <BarTable
        id={props.table}
        caption="Crawls by search engine"
        what="Search engine"
        unit="Crawls"
        rows={a.platforms
          .filter((r) => r.crawls > 0)
          .map((r) => ({ key: r.platform, label: searchEngineName(r.platform), value: r.crawls, cls: 'fill-search' }))}
        total={a.totals.crawls}
        empty="No search engine crawled these links in this period."
      />
    </Panel>
  )
}
