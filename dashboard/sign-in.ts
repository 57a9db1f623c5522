/** @module Signing in and out: the key prompt, the key in sessionStorage, and the API client it makes. */
import { Api, ApiError } from './api'
import { $, PAGE_TITLE, show } from './dom'
import { describe, say, sayError } from './notices'

const KEY_STORAGE = 'sharelink.apiKey'

const signInView = $('sign-in')
const signInForm = $<HTMLFormElement>('sign-in-form')
const keyInput = $<HTMLInputElement>('api-key')
const signInError = $('sign-in-error')
const signInSubmit = $<HTMLButtonElement>('sign-in-submit')
const signOutButton = $<HTMLButtonElement>('sign-out')

/** What the rest of the dashboard does as the key comes and goes (wired by main, which knows the views). */
export interface SignInHooks {
  /** Signed in: show the view the address asks for. */
  enter(): void
  /** The key prompt is about to show: close and hide the dashboard's views. */
  leave(): void
  /** Signed out: forget what was read with the old key. */
  forget(): void
}

let hooks: SignInHooks | null = null
let api: Api | null = null

/** The client of the key signed in with, or null while the key prompt shows. */
export const signedIn = (): Api | null => api

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

function showSignIn(message = '') {
  api = null
  hooks?.leave()
  show(signOutButton, false)
  show(signInView, true)
  document.title = PAGE_TITLE
  signInError.textContent = message
  keyInput.setAttribute('aria-invalid', message ? 'true' : 'false')
  keyInput.value = ''
  if (message) keyInput.focus()
}

export function signOut(message = '') {
  storeKey(null)
  hooks?.forget()
  say('')
  sayError('')
  showSignIn(message)
  if (!message) say('Signed out.')
}

function start(client: Api, justSignedIn = false) {
  api = client
  show(signInView, false)
  show(signOutButton, true)
  if (justSignedIn) say('Signed in.')
  hooks?.enter()
}

/** Starts the dashboard: signed in already in this tab, or ask. */
export function startSignIn(wiring: SignInHooks) {
  hooks = wiring
  const saved = storedKey()
  if (saved) start(new Api(saved))
  else showSignIn()
}

signOutButton.addEventListener('click', () => signOut())

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  const key = keyInput.value.trim()
  if (!key) {
    signInError.textContent = 'Enter the API key.'
    keyInput.setAttribute('aria-invalid', 'true')
    keyInput.focus()
    return
  }
  signInSubmit.disabled = true
  signInError.textContent = 'Checking the key…'
  const candidate = new Api(key)
  try {
    // Any admin call checks the key; the first page is wanted next anyway.
    await candidate.list(1)
  } catch (err) {
    signInSubmit.disabled = false
    keyInput.setAttribute('aria-invalid', 'true')
    if (err instanceof ApiError && err.status === 401) {
      signInError.textContent = 'That API key was not accepted. Check it and enter it again.'
      keyInput.select()
    } else {
      signInError.textContent = describe(err, 'Signing in')
    }
    keyInput.focus()
    return
  }
  signInSubmit.disabled = false
  signInError.textContent = ''
  keyInput.value = ''
  keyInput.setAttribute('aria-invalid', 'false')
  storeKey(key)
  start(candidate, true)
})
