/**
 * @module Figures that keep themselves fresh: a view's data read through the API, read again every
 * minute while the tab is shown (never while it is hidden), and a line that says when it was read.
 */
import { useCallback, useEffect, useRef, useState } from 'hono/jsx/dom'
import type { Api } from './api'
import { formatTime } from './format'
import { handleError, sayError } from './notices'
import { session } from './session'
import { newsroomZone, shownZone } from './zone'

/** How often figures on screen are read again while the tab is shown. */
export const REFRESH_MS = 60_000

/** Calls `run` every `every` ms while the tab is shown; on coming back to a tab left longer than that, at once. */
export function useAutoRefresh(run: () => void, every = REFRESH_MS) {
  const latest = useRef(run)
  latest.current = run
  useEffect(() => {
    let last = Date.now()
    const tick = () => {
      if (document.hidden) return
      last = Date.now()
      latest.current()
    }
    const timer = setInterval(tick, every)
    const shown = () => {
      if (!document.hidden && Date.now() - last >= every) tick()
    }
    document.addEventListener('visibilitychange', shown)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', shown)
    }
  }, [every])
}

export interface Live<T> {
  data: T | null
  /** When the data on screen was read. */
  at: Date | null
  busy: boolean
  /** The last read failed (the data on screen, if any, is older). */
  error: unknown
  reload(): void
}

/**
 * Reads `read` now, again whenever `deps` change, and every minute while the tab is shown. An
 * answer that arrives after a newer read started is dropped. A failure is said in words with a
 * retry, unless `quiet` takes it (a 404 the view explains itself, say).
 */
export function useLive<T>(read: (api: Api) => Promise<T>, deps: unknown[], doing: string, quiet?: (err: unknown) => boolean): Live<T> {
  const [state, setState] = useState<Omit<Live<T>, 'reload'>>({ data: null, at: null, busy: true, error: null })
  const seq = useRef(0)
  const failed = useRef(false)
  const latest = useRef({ read, doing, quiet })
  latest.current = { read, doing, quiet }
  const reload = useCallback(async () => {
    const api = session.get().api
    if (!api) return
    const mine = ++seq.current
    setState((s) => ({ ...s, busy: true }))
    try {
      const data = await latest.current.read(api)
      if (mine !== seq.current) return
      setState({ data, at: new Date(), busy: false, error: null })
    } catch (err) {
      if (mine !== seq.current) return
      setState((s) => ({ ...s, busy: false, error: err }))
      failed.current = true
      if (!latest.current.quiet?.(err)) handleError(err, latest.current.doing, () => void reload())
      return
    }
    // A read that works again takes back what a failed one said.
    if (failed.current) sayError('')
    failed.current = false
  }, [])
  useEffect(() => {
    void reload()
  }, deps)
  // Left: answers still on their way are dropped.
  useEffect(
    () => () => {
      seq.current++
    },
    [],
  )
  useAutoRefresh(() => void reload())
  return { ...state, reload: () => void reload() }
}

/**
 * Says when the figures on screen were read (by the newsroom's clock, its zone named) and how far
 * behind clicks they may be, with a button to read them now.
 */
export function Freshness(props: { at: Date | null; busy: boolean; exact?: boolean; onRefresh: () => void; label?: string }) {
  newsroomZone.use()
  return (
    <div class="freshness">
      <p class="hint">
        {props.at ? (
          <>
            {props.exact ? 'Exact figures as of ' : 'Figures as of '}
            <time class="fetched-at" dateTime={props.at.toISOString()}>
              {formatTime(props.at, shownZone())}
            </time>
            {props.exact
              ? ', read from the counter'
              : ': counts reach them when the counters flush, at most FLUSH_SECONDS (60 s by default) after a click'}
            . Read again every minute while this tab is open.
          </>
        ) : (
          'Reading the figures…'
        )}
      </p>
      {/* Not disabled while reading: a disabled button would drop the keyboard's focus. */}
      <button
        type="button"
        class="btn btn-small"
        onClick={() => !props.busy && props.onRefresh()}
        aria-busy={props.busy ? 'true' : undefined}
      >
        {props.label ?? 'Refresh figures'}
      </button>
    </div>
  )
}
