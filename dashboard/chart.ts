/** @module Clicks per day: the series (missing days as 0) and its uPlot bar chart. */
import uPlot from 'uplot'

const DAY_S = 86_400
/** Always show at least two weeks, so a new link's chart is not one lonely bar. */
const MIN_DAYS = 14
/** And at most a year: older days still count in the totals. */
const MAX_DAYS = 366

export interface DailySeries {
  /** UTC days, YYYY-MM-DD, oldest first, with no gaps. */
  days: string[]
  /** Unix seconds of each day's UTC midnight. */
  xs: number[]
  clicks: number[]
  /** Whether days older than MAX_DAYS were left out. */
  truncated: boolean
}

const dayStart = (iso: string): number => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 1000)
const dayOf = (s: number): string => new Date(s * 1000).toISOString().slice(0, 10)

/** One entry per UTC day from the link's first day (or earliest click) to today; 0 where none. */
export function dailySeries(byDay: Record<string, number>, createdAt: string, now = new Date()): DailySeries {
  const end = dayStart(now.toISOString())
  let start = dayStart(createdAt)
  for (const day of Object.keys(byDay)) {
    const s = dayStart(day)
    if (Number.isFinite(s) && s < start) start = s
  }
  if (!Number.isFinite(start) || start > end) start = end
  start = Math.min(start, end - (MIN_DAYS - 1) * DAY_S)
  const earliest = end - (MAX_DAYS - 1) * DAY_S
  const truncated = start < earliest && Object.keys(byDay).some((d) => dayStart(d) < earliest)
  start = Math.max(start, earliest)
  const out: DailySeries = { days: [], xs: [], clicks: [], truncated }
  for (let s = start; s <= end; s += DAY_S) {
    const day = dayOf(s)
    out.days.push(day)
    out.xs.push(s)
    out.clicks.push(byDay[day] ?? 0)
  }
  return out
}

const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC')
const dateLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

/** Draws (or redraws) the chart into `el`, sized to it, and keeps it sized as the page resizes. */
export function drawChart(el: HTMLElement, series: DailySeries, previous: uPlot | null): uPlot {
  previous?.destroy()
  el.replaceChildren()
  const max = Math.max(0, ...series.clicks)
  const total = series.clicks.reduce((a, b) => a + b, 0)
  const range = `${dateLabel.format(new Date(series.xs[0]! * 1000))} – ${dateLabel.format(new Date(series.xs[series.xs.length - 1]! * 1000))}`
  const opts: uPlot.Options = {
    width: Math.max(260, el.clientWidth),
    height: 220,
    tzDate: utc,
    padding: [12, 8, 0, 0],
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    legend: { show: true, live: true },
    scales: {
      x: { time: true, range: (_u, lo, hi) => [lo - DAY_S * 0.6, hi + DAY_S * 0.6] },
      y: { range: () => [0, max < 4 ? 4 : Math.ceil(max * 1.15)] },
    },
    axes: [
      {
        stroke: '#5b6470',
        grid: { show: false },
        ticks: { stroke: '#dde1e6', width: 1, size: 4 },
        space: 56,
        // Whole days only: the series has one point per UTC day.
        incrs: [DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S, 30 * DAY_S, 91 * DAY_S, 182 * DAY_S, 365 * DAY_S],
        values: [
          // [min tick incr, default, year, month, day, hour, min, sec, mode]
          [365 * DAY_S, '{YYYY}', null, null, null, null, null, null, 1],
          [28 * DAY_S, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
          [DAY_S, '{D} {MMM}', '\n{YYYY}', null, null, null, null, null, 1],
        ],
      },
      {
        stroke: '#5b6470',
        grid: { stroke: '#eef0f3', width: 1 },
        ticks: { show: false },
        size: 44,
        // Clicks are whole numbers: no tick at 0.5.
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1e6, 1e7, 1e8],
        values: (_u, splits) => splits.map((v) => v.toLocaleString('en-US')),
      },
    ],
    series: [
      // Off the chart, the legend tells the whole range and its total; on it, the day under the cursor.
      { label: 'Days', value: (_u, ts) => (ts == null ? range : dateLabel.format(new Date(ts * 1000))) },
      {
        label: 'Clicks',
        stroke: '#1d4ed8',
        fill: 'rgba(29, 78, 216, 0.82)',
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars!({ size: [0.7, 36], align: 0 }),
        value: (_u, v) => (v == null ? total.toLocaleString('en-US') : v.toLocaleString('en-US')),
      },
    ],
  }
  const chart = new uPlot(opts, [series.xs, series.clicks], el)
  let width = el.clientWidth
  const resize = new ResizeObserver(() => {
    if (el.clientWidth && el.clientWidth !== width) {
      width = el.clientWidth
      chart.setSize({ width: Math.max(260, width), height: 220 })
    }
  })
  resize.observe(el)
  const destroy = chart.destroy.bind(chart)
  chart.destroy = () => {
    resize.disconnect()
    destroy()
  }
  return chart
}
