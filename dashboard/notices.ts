/** @module The page's notices: one polite status line for what went right, one alert for what went wrong. */
import { ApiError } from './api'
import { $, el } from './dom'

const statusEl = $('status')
const errorEl = $('error')
let statusTimer: ReturnType<typeof setTimeout> | undefined
/** Set when the dashboard itself navigates after an action, whose message should stay. */
let keepStatus = false
/** What a rejected key leads to: signing out (wired by main, as sign-in says things here too). */
let keyRejected = () => {}

export function say(message: string) {
  clearTimeout(statusTimer)
  statusEl.textContent = message
  if (message) statusTimer = setTimeout(() => (statusEl.textContent = ''), 8000)
}

/** Says it, and keeps it through the change of view the caller is about to make. */
export function sayAndKeep(message: string) {
  say(message)
  keepStatus = true
}

/** On a change of view: a message about the view left behind goes; one said on the way here ("Link created") stays. */
export function clearForNewView() {
  sayError('')
  if (!keepStatus) say('')
  keepStatus = false
}

export function sayError(message: string, retry?: { label: string; run: () => void }) {
  errorEl.replaceChildren()
  if (!message) return
  errorEl.append(el('span', { textContent: message }))
  if (retry) {
    const button = el('button', { type: 'button', className: 'btn btn-small', textContent: retry.label })
    button.addEventListener('click', () => {
      sayError('')
      retry.run()
    })
    errorEl.append(button)
  }
}

/** An error from an API call, in words. */
export function describe(err: unknown, doing: string): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return `${doing} failed: ${err.message}`
    return `${doing} failed: ${err.message} (${err.code}).`
  }
  return `${doing} failed: ${err instanceof Error ? err.message : String(err)}`
}

export function onKeyRejected(run: () => void) {
  keyRejected = run
}

/** Says what failed, offering `retry`. A 401 means the key is no longer good: ask for it again. */
export function handleError(err: unknown, doing: string, retry?: () => void): void {
  if (err instanceof ApiError && err.status === 401) {
    keyRejected()
    return
  }
  sayError(describe(err, doing), retry && { label: 'Try again', run: retry })
}
