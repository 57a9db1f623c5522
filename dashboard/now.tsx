/**
 * @module Now, where the dashboard opens: the last hour against the hour before, clicks per five
 * minutes by channel, and the articles travelling most, each with its line over the last three
 * hours. One API call (GET /api/analytics/overview?last=60m&compare=previous), read again every
 * minute while the tab is shown.
 */
import { Sparkline, TimeChart } from './charts'
import { dayAndClock, fmt, perShare } from './format'
import { Freshness, useLive } from './live'
import { Panel, Stat, useView } from './parts'
import { readNow } from './report'
import { ArticleTable } from './tables'

const VS = 'previous 60 minutes'

/** A sparkline's words: the accessible name of an article's 3-hour line. */
function sparkWords(values: number[]): string {
  const total = values.reduce((a, b) => a + b, 0)
  return `Clicks per five minutes over the last 3 hours: ${fmt(total)} in all, at most ${fmt(Math.max(0, ...values))} in five minutes, ${fmt(values.at(-1) ?? 0)} in the last five.`
}

export function NowPage() {
  const live = useLive(readNow, [], 'Loading the last hour')
  const heading = useView('Now')
  const d = live.data
  const a = d?.answer
  const t = a?.totals

  return (
    <section id="now" aria-labelledby="now-title" aria-busy={live.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h1 id="now-title" tabindex={-1} ref={heading}>
          Now
        </h1>
      </div>
      <p id="now-period" class="hint">
        {a ? (
          <>
            The last 60 minutes, {dayAndClock(a.start)} – {dayAndClock(a.end)}, against the 60 before. Times of{' '}
            <strong>{a.timezone}</strong>, the newsroom’s time zone.
          </>
        ) : (
          'The last 60 minutes, against the 60 before.'
        )}
      </p>
      <Freshness at={live.at} busy={live.busy} onRefresh={live.reload} />
      <div class="stats stats-3">
        <Stat
          id="now-clicks"
          label="Clicks"
          value={t?.clicks ?? null}
          before={t?.previous?.clicks}
          vs={VS}
          hint="Readers sent on to the articles"
        />
        <Stat
          id="now-shares"
          label="Shares"
          value={t?.shares ?? null}
          before={t?.previous?.shares}
          vs={VS}
          hint={t ? `${perShare(t.clicks, t.shares)} clicks per share` : 'Presses of the share buttons'}
        />
        <Stat
          id="now-previews"
          label="Previews"
          value={t?.previews ?? null}
          before={t?.previous?.previews}
          vs={VS}
          hint="Cards fetched by the platforms’ crawlers"
        />
      </div>
      {d && a && (
        <>
          <Panel id="now-top" title="Travelling now">
            <ArticleTable
              id="now-articles-table"
              caption="Top articles of the last hour by clicks, each with its clicks over the last 3 hours"
              empty="No article has had clicks or previews in the last hour."
              rows={a.articles}
              vs={VS}
              head="Last 3 hours"
              cell={(x) => (
                <td class="split-cell spark-cell">
                  <Sparkline values={x.spark ?? []} label={sparkWords(x.spark ?? [])} />
                </td>
              )}
            />
          </Panel>
          <Panel id="now-series" title="Clicks per five minutes, by channel">
            <TimeChart id="now-chart" steps={d.steps} series={d.series} what="clicks" per={d.per} zone={a.timezone} />
          </Panel>
        </>
      )}
    </section>
  )
}
