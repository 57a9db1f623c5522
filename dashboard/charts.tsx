/**
 * @module Charts as SVG drawn from the data: clicks per day, hour or five minutes stacked by
 * series, bars of a whole's parts, and an article's line of the last hours. Colours come from
 * classes (styles.css), sizes from attributes: nothing here needs an inline style, which the
 * page's CSP (style-src 'self') would refuse. Each chart says its figures in text too: a summary
 * for screen readers and a table anyone can open.
 */
import type { Child } from 'hono/jsx'
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { fmt, percent } from './format'

/** One bar of a time chart: a day, an hour or five minutes, as the API names it and as people read it. */
export interface Step {
  /** The API's own: 2026-12-05, or 2026-12-05T14:00:00+01:00. */
  key: string
  /** Under its bar: "5 Dec", "14:00". */
  label: string
  /** In its tooltip and the table: "2026-12-05", "5 Dec 14:00". */
  long: string
}

export interface Series {
  /** Its colour: the class `ch-<key>` (a channel's, or `none`). */
  key: string
  label: string
  /** One value per step of the chart. */
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

/** A step's name under its bar; near an edge, it is aligned to stay inside the chart. */
function StepLabel(props: { text: string; x: number; width: number }) {
  const half = 22
  const anchor = props.x + half > props.width ? 'end' : props.x - half < PAD.left - 8 ? 'start' : 'middle'
  const x = anchor === 'end' ? props.width - 1 : anchor === 'start' ? PAD.left - 8 : props.x
  return (
    <text class="step-label" x={x} y={HEIGHT - 6} text-anchor={anchor}>
      {props.text}
    </text>
  )
}

/**
 * Clicks per day, hour or five minutes (`per`), one bar per step, stacked by series; the table of
 * figures follows it. `zone` names the time zone the steps are of.
 */
export function TimeChart(props: { steps: Step[]; series: Series[]; what: string; per: string; zone: string | null; id?: string }) {
  const { steps, what, per } = props
  const series = props.series.filter((s) => s.values.some((v) => v > 0))
  const [box, width] = useWidth()
  const totals = steps.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const total = totals.reduce((a, b) => a + b, 0)
  const tick = niceStep(Math.max(4, ...totals))
  const top = Math.max(tick, Math.ceil(Math.max(...totals, 0) / tick) * tick)
  const plotW = Math.max(0, width - PAD.left - PAD.right)
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = steps.length ? plotW / steps.length : 0
  const barW = Math.max(1, Math.min(36, slot * 0.72))
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH
  // A label every so many steps, counted back from the last so that the latest is always named.
  const every = Math.max(1, Math.ceil(64 / Math.max(slot, 1)))
  const ticks: number[] = []
  for (let v = 0; v <= top; v += tick) ticks.push(v)
  const zone = props.zone ? ` (${props.zone})` : ''
  const range = steps.length ? `${steps[0]!.long} to ${steps[steps.length - 1]!.long}${zone}` : ''
  const summary = `Bar chart of ${what} per ${per}, ${range}: ${fmt(total)} in all${
    series.length > 1 ? `, ${series.map((s) => `${s.label} ${fmt(s.values.reduce((a, b) => a + b, 0))}`).join(', ')}` : ''
  }. The figures are in the table below it.`
  const Per = per[0]!.toUpperCase() + per.slice(1)

  return (
    <div class="chart" id={props.id} data-total={String(total)} data-steps={String(steps.length)}>
      <div ref={box} class="chart-box">
        {width > 0 && (
          <svg class="time-chart" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={summary}>
            {ticks.map((v) => (
              <g class="tick">
                <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} />
                <text x={PAD.left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">
                  {fmt(v)}
                </text>
              </g>
            ))}
            {steps.map((step, i) => {
              let base = 0
              const x = PAD.left + i * slot + (slot - barW) / 2
              const parts = series.filter((s) => (s.values[i] ?? 0) > 0)
              return (
                <g class="step" data-at={step.key}>
                  <title>
                    {`${step.long}: ${fmt(totals[i]!)} ${what}${parts.length > 1 ? ` (${parts.map((s) => `${s.label} ${fmt(s.values[i]!)}`).join(', ')})` : ''}`}
                  </title>
                  {/* A bar the whole slot high, unseen: the step's tooltip shows over the empty part too. */}
                  <rect class="hit" x={PAD.left + i * slot} y={PAD.top} width={slot} height={plotH} />
                  {parts.map((s) => {
                    const v = s.values[i]!
                    const r = <rect class={`ch-${s.key}`} x={x} y={y(base + v)} width={barW} height={Math.max(0, y(base) - y(base + v))} />
                    base += v
                    return r
                  })}
                  {(steps.length - 1 - i) % every === 0 && <StepLabel text={step.label} x={x + barW / 2} width={width} />}
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
        <summary>{`Figures per ${per}`}</summary>
        <table class="small-table">
          <caption class="visually-hidden">{`${what} per ${per}${zone}`}</caption>
          <thead>
            <tr>
              <th scope="col">{`${Per}${zone}`}</th>
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
            {steps.map((step, i) => (
              <tr>
                <th scope="row">{step.long}</th>
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

/**
 * Where an article's clicks have been going: a line of its clicks per step, oldest first, small
 * enough for a table's cell. `label` says it in words (its accessible name).
 */
export function Sparkline(props: { values: number[]; label: string }) {
  const W = 96
  const H = 24
  const { values } = props
  const max = Math.max(1, ...values)
  const x = (i: number) => (values.length > 1 ? (i / (values.length - 1)) * W : W / 2)
  const y = (v: number) => H - 1 - (v / max) * (H - 2)
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return (
    <svg class="spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-values={values.join(',')}>
      <line class="spark-base" x1="0" x2={W} y1={H - 1} y2={H - 1} />
      {values.length > 0 && <polyline points={points} />}
    </svg>
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
  /** More figures of the row, one per column the table names in `more`. */
  more?: Child[]
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
  /** The headings of the rows' further figures (their `more`). */
  more?: string[]
}) {
  const rows = props.rows.filter((r) => r.value > 0)
  if (!rows.length) return <p class="muted empty-note">{props.empty}</p>
  const max = Math.max(...rows.map((r) => r.value))
  return (
    <table class="bars" id={props.id}>
      <caption class="visually-hidden">{props.caption}</caption>
      {/* Said to screen readers only, unless further columns need their names seen. */}
      <thead class={props.more ? 'bars-head' : 'visually-hidden'}>
        <tr>
          <th scope="col">{props.what}</th>
          <th scope="col">{props.unit}</th>
          {props.more?.map((head) => (
            <th scope="col">{head}</th>
          ))}
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
            {props.more?.map((head, i) => (
              <td class="num more" data-label={head}>
                {r.more?.[i]}
              </td>
            ))}
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
