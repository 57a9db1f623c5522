/** @module The page's notices: one polite status line for what went right, one alert for what went wrong. */
import { ApiError } from './api'
import { store } from './store'

interface ErrorNotice {
  message: string
  retry?: () => void
}

const status = store('')
const error = store<ErrorNotice>({ message: '' })
let statusTimer: ReturnType<typeof setTimeout> | undefined
/** Set when the dashboard itself navigates after an action, whose message should stay. */
let keepStatus = false
/** What a rejected key leads to: signing out (wired by the session, which says things here too). */
let keyRejected = () => {}

export function say(message: string) {
  clearTimeout(statusTimer)
  status.set(message)
  if (message) statusTimer = setTimeout(() => status.set(''), 8000)
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

export function sayError(message: string, retry?: () => void) {
  error.set({ message, retry })
}

/** An error from an API call, in words. */
export function errorText(err: unknown, doing: string): string {
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
  sayError(errorText(err, doing), retry)
}

export function Notices() {
  const said = status.use()
  const failed = error.use()
  return (
    <div class="notices">
      <p id="status" class="banner banner-ok" role="status" aria-live="polite">
        {said}
      </p>
      <div id="error" class="banner banner-error" role="alert" aria-live="assertive">
        {failed.message && <span>{failed.message}</span>}
        {failed.message && failed.retry && (
          <button
            type="button"
            class="btn btn-small"
            onClick={() => {
              const retry = failed.retry!
              sayError('')
              retry()
            }}
          >
            Try again
          </button>
        )}
      </div>
    </div>
  )
}
