/** @module Signing in and out: the key in sessionStorage, and the API client it makes. */
import { Api } from './api'
import { onKeyRejected, say, sayError } from './notices'
import { store } from './store'

const KEY_STORAGE = 'sharelink.apiKey'

export interface Session {
  /** The client of the key signed in with; null while the key prompt shows. */
  api: Api | null
  /** What the key prompt says when it shows (why the key was asked for again). */
  message: string
  /** Bumped by every sign-in: a view that focuses its heading on arrival does so again. */
  since: number
}

export const session = store<Session>({ api: null, message: '', since: 0 })

/** What each part of the dashboard forgets when the key goes (pages, searches read with it). */
const forgetters: (() => void)[] = []
export function forgetOnSignOut(forget: () => void) {
  forgetters.push(forget)
}

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE)
  } catch {
    return null
  }
}

function storeKey(key: string | null) {
  try {
    if (key === null) sessionStorage.removeItem(KEY_STORAGE)
    else sessionStorage.setItem(KEY_STORAGE, key)
  } catch {
    // Storage refused (private mode, say): the key then lasts as long as the page.
  }
}

/** Signed in already in this tab, or ask. */
export function resumeSession() {
  const saved = storedKey()
  if (saved) session.set({ api: new Api(saved), message: '', since: 1 })
}

/** A key the server took (the sign-in form checked it): kept for this tab, never in a URL. */
export function signIn(key: string, client: Api) {
  storeKey(key)
  session.set({ api: client, message: '', since: session.get().since + 1 })
  say('Signed in.')
}

export function signOut(message = '') {
  storeKey(null)
  for (const forget of forgetters) forget()
  say('')
  sayError('')
  document.title = PAGE_TITLE
  session.set({ api: null, message, since: session.get().since })
  if (!message) say('Signed out.')
}

/** The page's own title, before a view names itself. */
export const PAGE_TITLE = 'Dashboard · sharelink'

onKeyRejected(() => signOut('The API key was not accepted (it may have been changed). Enter it again.'))
