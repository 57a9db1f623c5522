/** @module Pieces the views share: a view's arrival (its tab's title, its heading's focus), a titled panel, a figure and its change, the period picker, a CSV button. */
import type { Child } from 'hono/jsx'
import { type RefObject, useEffect, useRef, useState } from 'hono/jsx/dom'
import type { GroupBy, Scope } from './api'
import { change, fmt } from './format'
import { handleError, say } from './notices'
import { type Covered, customPeriod, describePeriod, PRESETS, type Preset, period } from './period'
import { saveCsv } from './report'
import { session } from './session'
import { assumedZone, newsroomZone, todayIn } from './zone'

/** A view's heading takes the focus once it is on screen, so a keyboard or screen reader user starts there. */
export function useArrivalFocus(ref: RefObject<HTMLElement | null>, ready = true) {
  const done = useRef(false)
  useEffect(() => {
    if (ready && !done.current && ref.current) {
      done.current = true
      ref.current.focus()
    }
  })
}

/**
 * A view's arrival: the tab is named after it (`title`; null while the view does not know it yet,
 * and its heading is not on screen) and its heading, which takes the ref returned, the focus.
 */
export function useView(title: string | null) {
  const heading = useRef<HTMLHeadingElement>(null)
  useArrivalFocus(heading, title !== null)
  useEffect(() => {
    if (title !== null) document.title = `${title} · sharelink`
  }, [title])
  return heading
}

/** A card with a heading, an optional button row, and its content. */
export function Panel(props: { id: string; title: string; actions?: Child; class?: string; children?: Child }) {
  return (
    <section class={`card panel ${props.class ?? ''}`} id={props.id} aria-labelledby={`${props.id}-title`}>
      <div class="card-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}

/**
 * A figure against the same figure before, in words: "+12 %" with what it is against ("vs
 * previous 7 days"), seen or (`quiet`) said to screen readers only, where a column names it.
 */
export function Change(props: { now: number; before: number; vs: string; id?: string; quiet?: boolean }) {
  const c = change(props.now, props.before)
  return (
    <span id={props.id} class={`change change-${c.trend}`} title={`${fmt(props.before)} in the ${props.vs.replace(/^the /, '')}`}>
      {c.text}
      <span class={props.quiet ? 'visually-hidden' : 'change-vs'}> vs {props.vs}</span>
    </span>
  )
}

/** One figure, large, with what it counts and, when compared, its change. */
export function Stat(props: { id: string; label: string; value: number | null; hint: Child; before?: number; vs?: string }) {
  return (
    <div class="card stat">
      <span class="label">{props.label}</span>
      <span id={props.id} class="stat-value">
        {props.value === null ? '…' : fmt(props.value)}
      </span>
      {props.value !== null && props.before !== undefined && props.vs && (
        <Change id={`${props.id}-change`} now={props.value} before={props.before} vs={props.vs} />
      )}
      <span class="hint">{props.hint}</span>
    </div>
  )
}

/** Downloads what a panel shows as CSV: the same call as its figures, with format=csv. */
export function CsvButton(props: { groupBy: GroupBy; scope: Scope; what: string }) {
  const [busy, setBusy] = useState(false)
  const download = async () => {
    const api = session.get().api
    if (!api) return
    setBusy(true)
    try {
      say(`Downloaded ${await saveCsv(api, props.groupBy, props.scope)}.`)
    } catch (err) {
      handleError(err, `Downloading ${props.what}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <button type="button" class="btn btn-small csv" onClick={download} disabled={busy} data-group-by={props.groupBy}>
      Download CSV<span class="visually-hidden"> of {props.what}</span>
    </button>
  )
}

/**
 * The period: the last hour or 24 hours, today, the last 7 or 30 days, or days of one's choice;
 * whether to compare it with the time just before; what it covers in words, and whose days and
 * hours they are (the newsroom's time zone, as the answer `covered` names it).
 */
export function PeriodPicker(props: { covered: Covered | null }) {
  const p = period.use()
  const known = newsroomZone.use()
  const [custom, setCustom] = useState(p.preset === 'custom')
  const [error, setError] = useState('')
  const start = useRef<HTMLInputElement>(null)
  const end = useRef<HTMLInputElement>(null)
  const zone = props.covered?.timezone ?? known
  const today = todayIn(zone ?? assumedZone())
  const choose = (preset: Exclude<Preset, 'custom'>) => {
    setCustom(false)
    setError('')
    period.set({ preset, start: '', end: '', compare: p.compare })
  }
  const apply = (event: Event) => {
    event.preventDefault()
    const chosen = customPeriod(start.current?.value ?? '', end.current?.value ?? '', p.compare)
    if (typeof chosen === 'string') return setError(chosen)
    setError('')
    period.set(chosen)
  }
  return (
    <div class="period">
      <fieldset class="segmented">
        <legend class="visually-hidden">Period</legend>
        {PRESETS.map((x) => (
          <button
            type="button"
            class="seg"
            aria-pressed={!custom && p.preset === x.preset ? 'true' : 'false'}
            title={x.name}
            onClick={() => choose(x.preset)}
          >
            {x.label}
          </button>
        ))}
        <button
          type="button"
          class="seg"
          aria-pressed={custom ? 'true' : 'false'}
          aria-expanded={custom ? 'true' : 'false'}
          aria-controls="custom-period"
          onClick={() => {
            setCustom(true)
            requestAnimationFrame(() => start.current?.focus())
          }}
        >
          Custom
        </button>
      </fieldset>
      <label class="check">
        <input id="compare" type="checkbox" checked={p.compare} onChange={() => period.set({ ...period.get(), compare: !p.compare })} />
        Compare with the time just before
      </label>
      <form id="custom-period" class="custom-period" hidden={!custom} onSubmit={apply} novalidate>
        <div class="field">
          <label for="period-start">From</label>
          <input id="period-start" ref={start} type="date" value={p.start || today} max={today} required />
        </div>
        <div class="field">
          <label for="period-end">To</label>
          <input id="period-end" ref={end} type="date" value={p.end || today} max={today} required />
        </div>
        <button type="submit" class="btn">
          Show
        </button>
        <p class="field-error" role="alert">
          {error}
        </p>
      </form>
      <p id="period-text" class="hint">
        {describePeriod(p, props.covered)}
      </p>
      <p id="period-zone" class="hint">
        {zone ? (
          <>
            Days and hours of <strong>{zone}</strong>, the newsroom’s time zone.
          </>
        ) : (
          'Days and hours of the newsroom’s time zone.'
        )}
      </p>
    </div>
  )
}
