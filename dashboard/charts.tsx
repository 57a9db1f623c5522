/**
 * @module Charts as SVG drawn from the data: clicks per day stacked by series, and bars of a
 * whole's parts. Colours come from classes (styles.css), sizes from attributes: nothing here needs
 * an inline style, which the page's CSP (style-src 'self') would refuse. Each chart says its figures
 * in text too: a summary for screen readers and a table anyone can open.
 */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { fmt, percent, shortDay } from './format'

export interface Series {
  /** Its colour: the class `ch-<key>` (a channel's, or `none`). */
  key: string
  label: string
  /** One value per day of the chart. */
  values: number[]
}

/** The width the element has on screen, kept up to date as the page resizes. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setWidth(Math.floor(el.clientWidth))
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    measure()
    return () => observer.disconnect()
  }, [])
  return [ref, width] as const
}

/** A round step for about `ticks` gridlines up to `max`: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(1, max / ticks)
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power
  return 10 * power
}

const HEIGHT = 220
const PAD = { top: 10, right: 6, bottom: 24, left: 44 }

/** A day's name under its bar; near an edge, it is aligned to stay inside the chart. */
function DayLabel(props: { day: string; x: number; width: number }) {
  const half = 22
  const anchor = props.x + half > props.width ? 'end' : props.x - half < PAD.left - 8 ? 'start' : 'middle'
  const x = anchor === 'end' ? props.width - 1 : anchor === 'start' ? PAD.left - 8 : props.x
  return (
    <text class="day-label" x={x} y={HEIGHT - 6} text-anchor={anchor}>
      {shortDay(props.day)}
    </text>
  )
}

/** Clicks per day, one bar per UTC day, stacked by series; the table of figures follows it. */
export function DayChart(props: { days: string[]; series: Series[]; what: string; id?: string }) {
  const { days, what } = props
  const series = props.series.filter((s) => s.values.some((v) => v > 0))
  const [box, width] = useWidth()
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const total = totals.reduce((a, b) => a + b, 0)
  const step = niceStep(Math.max(4, ...totals))
  const top = Math.max(step, Math.ceil(Math.max(...totals, 0) / step) * step)
  const plotW = Math.max(0, width - PAD.left - PAD.right)
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = days.length ? plotW / days.length : 0
  const barW = Math.max(1, Math.min(36, slot * 0.72))
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH
  // A label every so many days, counted back from the last so that today is always named.
  const every = Math.max(1, Math.ceil(64 / Math.max(slot, 1)))
  const ticks: number[] = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  const range = days.length ? `${shortDay(days[0]!)} to ${shortDay(days[days.length - 1]!)}` : ''
  const summary = `Bar chart of ${what} per day, ${range} (UTC): ${fmt(total)} in all${
    series.length > 1 ? `, ${series.map((s) => `${s.label} ${fmt(s.values.reduce((a, b) => a + b, 0))}`).join(', ')}` : ''
  }. The figures are in the table below it.`

  return (
    <div class="chart" id={props.id} data-total={String(total)} data-days={String(days.length)}>
      <div ref={box} class="chart-box">
        {width > 0 && (
          <svg class="day-chart" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={summary}>
            {ticks.map((v) => (
              <g class="tick">
                <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} />
                <text x={PAD.left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">
                  {fmt(v)}
                </text>
              </g>
            ))}
            {days.map((day, i) => {
              let base = 0
              const x = PAD.left + i * slot + (slot - barW) / 2
              const parts = series.filter((s) => (s.values[i] ?? 0) > 0)
              return (
                <g class="day" data-day={day}>
                  <title>
                    {`${shortDay(day)}: ${fmt(totals[i]!)} ${what}${parts.length > 1 ? ` (${parts.map((s) => `${s.label} ${fmt(s.values[i]!)}`).join(', ')})` : ''}`}
                  </title>
                  {/* A bar the whole slot high, unseen: the day's tooltip shows over the empty part too. */}
                  <rect class="hit" x={PAD.left + i * slot} y={PAD.top} width={slot} height={plotH} />
                  {parts.map((s) => {
                    const v = s.values[i]!
                    const r = <rect class={`ch-${s.key}`} x={x} y={y(base + v)} width={barW} height={Math.max(0, y(base) - y(base + v))} />
                    base += v
                    return r
                  })}
                  {(days.length - 1 - i) % every === 0 && <DayLabel day={day} x={x + barW / 2} width={width} />}
                </g>
              )
            })}
          </svg>
        )}
      </div>
      {series.length > 0 && (
        <ul class="legend">
          {series.map((s) => (
            <li>
              <span class={`swatch ch-${s.key}`} aria-hidden="true" />
              {s.label} <strong>{fmt(s.values.reduce((a, b) => a + b, 0))}</strong>
            </li>
          ))}
        </ul>
      )}
      <details class="figures">
        <summary>Figures per day</summary>
        <table class="small-table">
          <caption class="visually-hidden">{`${what} per day (UTC)`}</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              {series.length > 1 &&
                series.map((s) => (
                  <th scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              <th scope="col" class="num">
                {series.length > 1 ? 'All' : what[0]!.toUpperCase() + what.slice(1)}
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr>
                <th scope="row">{day}</th>
                {series.length > 1 && series.map((s) => <td class="num">{fmt(s.values[i] ?? 0)}</td>)}
                <td class="num">{fmt(totals[i]!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  )
}

/** A bar the width of its share of `max`, drawn in the colour of `cls`. */
export function Bar(props: { value: number; max: number; cls?: string }) {
  const width = props.max > 0 ? (props.value / props.max) * 100 : 0
  return (
    <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="track" width="100" height="6" />
      <rect class={props.cls ?? 'fill'} width={width} height="6" />
    </svg>
  )
}

export interface BarRow {
  key: string
  label: string
  value: number
  /** A word after the label (e.g. "private chat"). */
  note?: string
  /** The bar's colour class. */
  cls?: string
}

/** Parts of a whole, largest first, as a table: each row its name, a bar, its figure and share. */
export function BarTable(props: {
  id?: string
  caption: string
  what: string
  unit: string
  rows: BarRow[]
  total: number
  empty: string
}) {
  const rows = props.rows.filter((r) => r.value > 0)
  if (!rows.length) return <p class="muted empty-note">{props.empty}</p>
  const max = Math.max(...rows.map((r) => r.value))
  return (
    <table class="bars" id={props.id}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">{props.what}</th>
          <th scope="col">{props.unit}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-key={r.key}>
            <th scope="row">
              <span class="bar-label">
                {r.label}
                {r.note && <span class="tag">{r.note}</span>}
              </span>
              <Bar value={r.value} max={max} cls={r.cls} />
            </th>
            <td class="num">
              <span class="value">{fmt(r.value)}</span> <span class="share">{percent(r.value, props.total)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** One whole split into coloured parts (an article's clicks by channel), with the parts in words. */
export function SplitBar(props: { parts: { key: string; label: string; value: number }[] }) {
  const parts = props.parts.filter((p) => p.value > 0).sort((a, b) => b.value - a.value)
  const total = parts.reduce((sum, p) => sum + p.value, 0)
  if (!total) return <span class="muted">No clicks</span>
  let at = 0
  return (
    <span class="split">
      <svg class="split-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {parts.map((p) => {
          const w = (p.value / total) * 100
          const r = <rect class={`ch-${p.key}`} x={at} width={w} height="8" />
          at += w
          return r
        })}
      </svg>
      <span class="split-text">
        {parts.map((p) => (
          <span class="split-part" data-channel={p.key}>
            <span class={`swatch ch-${p.key}`} aria-hidden="true" />
            {`${p.label} ${fmt(p.value)}`}
          </span>
        ))}
      </span>
    </span>
  )
}
