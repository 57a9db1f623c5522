/**
 * @module Signing in and out. Behind Cloudflare Access the browser is signed in already (its
 * Access cookie): the dashboard asks the API who it is, and opens without a key prompt. Otherwise
 * a key, kept in sessionStorage for the tab. Either way the API says who and with which role.
 */

import { Api, ApiError, type Me } from './api'
import { errorText, onKeyRejected, say, sayError } from './notices'
import { store } from './store'
import { learnZone } from './zone'

const KEY_STORAGE = 'sharelink.apiKey'
/** Where Cloudflare Access ends its session (its own path on every host it protects). */
const ACCESS_LOGOUT = '/cdn-cgi/access/logout'

export interface Session {
  /** The client signed in with, and who the API takes it for; null while the key prompt shows. */
  api: Api | null
  me: Me | null
  /** Asking the API who is signed in (on opening the page): neither a view nor the prompt yet. */
  checking: boolean
  /** What the key prompt says when it shows (why the key was asked for again). */
  message: string
  /** Bumped by every sign-in: a view that focuses its heading on arrival does so again. */
  since: number
}

export const session = store<Session>({ api: null, me: null, checking: true, message: '', since: 0 })

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

const REJECTED = 'The API key was not accepted (it may have been changed). Enter it again.'

/**
 * On opening the page: signed in already in this tab (its key), or by Cloudflare Access (asked
 * without a key: a 401 means no Access here, or not signed in to it), or ask for a key.
 */
export async function resumeSession() {
  const saved = storedKey()
  const api = new Api(saved)
  try {
    const me = await api.me()
    learnZone(me.timezone)
    session.set({ api, me, checking: false, message: '', since: session.get().since + 1 })
  } catch (err) {
    if (saved && err instanceof ApiError && err.status === 401) storeKey(null)
    const message = err instanceof ApiError && err.status === 401 ? (saved ? REJECTED : '') : errorText(err, 'Signing in')
    session.set({ api: null, me: null, checking: false, message, since: session.get().since })
  }
}

/** A key the server took (the sign-in form asked who it is): kept for this tab, never in a URL. */
export function signIn(key: string, client: Api, me: Me) {
  storeKey(key)
  learnZone(me.timezone)
  session.set({ api: client, me, checking: false, message: '', since: session.get().since + 1 })
  say('Signed in.')
}

/**
 * Forgets the key and what was read with it. An Access sign-in is the browser's, not the page's
 * to forget: signing out sends it to Access, which ends it (not so when it ended by itself).
 */
export function signOut(message = '') {
  const access = session.get().me?.actor.kind === 'access'
  storeKey(null)
  for (const forget of forgetters) forget()
  say('')
  sayError('')
  document.title = PAGE_TITLE
  session.set({ api: null, me: null, checking: false, message, since: session.get().since })
  if (access && !message) location.assign(ACCESS_LOGOUT)
  else if (!message) say('Signed out.')
}

/** The page's own title, before a view names itself. */
export const PAGE_TITLE = 'Dashboard · sharelink'

onKeyRejected(() =>
  session.get().me?.actor.kind === 'access'
    ? signOut('Your Cloudflare Access sign-in has ended. Reload the page to sign in again.')
    : signOut(REJECTED),
)
