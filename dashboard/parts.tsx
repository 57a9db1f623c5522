/** @module Pieces the views share: a titled panel, a figure, the period picker, a CSV button, focus on arrival. */
import type { Child } from 'hono/jsx'
import { type RefObject, useEffect, useRef, useState } from 'hono/jsx/dom'
import type { GroupBy, Scope } from './api'
import { fmt } from './format'
import { handleError, say } from './notices'
import { customPeriod, describePeriod, PRESETS, period, presetPeriod, utcDay } from './period'
import { saveCsv } from './report'
import { session } from './session'

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

/** One figure, large, with what it counts. */
export function Stat(props: { id: string; label: string; value: number | null; hint: Child }) {
  return (
    <div class="card stat">
      <span class="label">{props.label}</span>
      <span id={props.id} class="stat-value">
        {props.value === null ? '…' : fmt(props.value)}
      </span>
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
 * The period: 24 h, 7 d, 30 d or two days of one's choice, with what it covers in words (the API
 * counts whole UTC days, so the words say which days).
 */
export function PeriodPicker() {
  const p = period.use()
  const [custom, setCustom] = useState(p.preset === 'custom')
  const [error, setError] = useState('')
  const start = useRef<HTMLInputElement>(null)
  const end = useRef<HTMLInputElement>(null)
  const today = utcDay(Date.now())
  const choose = (preset: (typeof PRESETS)[number]['preset']) => {
    setCustom(false)
    setError('')
    period.set(presetPeriod(preset))
  }
  const apply = (event: Event) => {
    event.preventDefault()
    const chosen = customPeriod(start.current?.value ?? '', end.current?.value ?? '')
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
      <form id="custom-period" class="custom-period" hidden={!custom} onSubmit={apply} novalidate>
        <div class="field">
          <label for="period-start">From</label>
          <input id="period-start" ref={start} type="date" value={p.start} max={today} required />
        </div>
        <div class="field">
          <label for="period-end">To</label>
          <input id="period-end" ref={end} type="date" value={p.end} max={today} required />
        </div>
        <button type="submit" class="btn">
          Show
        </button>
        <p class="field-error" role="alert">
          {error}
        </p>
      </form>
      <p id="period-text" class="hint">
        {describePeriod(p)}
      </p>
    </div>
  )
}
