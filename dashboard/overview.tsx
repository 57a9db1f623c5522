/**
 * @module The overview: over the period chosen (and a section or author, if one is picked), the
 * totals and their change, clicks by channel over time, the top articles with their channel
 * split, shares and clicks per share, the cards the platforms fetched (private chats first) apart
 * from search engines' crawls, referrers and countries; each breakdown downloadable as the API's
 * CSV. One API call draws it all (GET /api/analytics/overview).
 */
import { ChannelsPanel, coveredOf, PlatformsPanel, SearchEnginesPanel, SeriesPanel, Totals } from './breakdowns'
import { BarTable, SplitBar } from './charts'
import { channelName, countryName, referrerName } from './format'
import { Freshness, useLive } from './live'
import { CsvButton, Panel, PeriodPicker, useView } from './parts'
import { describePeriod, period, previousOf } from './period'
import { readOverview, scopeOf } from './report'
import { type Filters, overviewHref } from './router'
import { ArticleTable } from './tables'

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
  const heading = useView('Overview')
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
          <SeriesPanel id="series" chart="series-chart" data={d} csv={`clicks per ${d.per}`} />
          <Panel
            id="top-articles"
            title="Top articles"
            actions={<CsvButton groupBy="articles" scope={scopeOf('articles', q)} what="the top articles" />}
          >
            <ArticleTable
              id="top-articles-table"
              caption={`Top articles by clicks. ${describePeriod(d.period ?? p, coveredOf(a))}`}
              empty="No article had clicks or previews in this period."
              rows={a.articles}
              vs={vs}
              previews
              head="Clicks by channel"
              cell={(x) => (
                <td class="split-cell">
                  <SplitBar parts={Object.entries(x.byChannel).map(([key, value]) => ({ key, label: channelName(key), value }))} />
                </td>
              )}
            />
          </Panel>
          <ChannelsPanel id="channels" table="channels-table" data={d} vs={vs} csv="clicks by channel" />
          <div class="grid-2">
            <PlatformsPanel id="platforms" table="platforms-table" data={d} csv="previews and crawls by platform" />
            <SearchEnginesPanel id="search-engines" table="search-table" data={d} />
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
