/** @module The create-link dialog: the form, its checks, and where a new link leads. */
import { CHANNELS, type Channel } from '../src/links/channels'
import { ApiError, type CreateInput } from './api'
import { $, el } from './dom'
import { channelName } from './format'
import { invalidateList } from './list'
import { describe, handleError, sayAndKeep } from './notices'
import { signedIn } from './sign-in'

const createDialog = $<HTMLDialogElement>('create-dialog')
const createForm = $<HTMLFormElement>('create-form')
const createError = $('create-error')
const createSubmit = $<HTMLButtonElement>('create-submit')
const createUrl = $<HTMLInputElement>('create-url')
const createSlug = $<HTMLInputElement>('create-slug')
const createChannel = $<HTMLSelectElement>('create-channel')
const createTitle = $<HTMLInputElement>('create-title-input')
let createOpener: HTMLElement | null = null

// The channels the API takes, in its order, after the page's own "None".
createChannel.append(...CHANNELS.map((channel) => el('option', { value: channel, textContent: channelName(channel) })))

/** Opens the dialog; focus goes back to what opened it (`event`'s button) when it closes. */
export function openCreate(event?: Event) {
  createOpener = (event?.currentTarget as HTMLElement | null) ?? null
  createForm.reset()
  createDialog.returnValue = ''
  createError.textContent = ''
  for (const input of [createUrl, createSlug]) input.setAttribute('aria-invalid', 'false')
  createDialog.showModal()
  createUrl.focus()
}

export function closeCreate() {
  if (createDialog.open) createDialog.close()
}

$('new-link').addEventListener('click', (event) => openCreate(event))
$('create-cancel').addEventListener('click', () => createDialog.close())
createDialog.addEventListener('close', () => {
  if (createOpener?.isConnected) createOpener.focus()
  else if (!createDialog.returnValue) $('list-title').focus()
})

// Editing a field takes back what was said about it.
createForm.addEventListener('input', (event) => {
  const target = event.target as HTMLElement
  if (target.getAttribute('aria-invalid') === 'true') {
    target.setAttribute('aria-invalid', 'false')
    createError.textContent = ''
  }
})

function invalid(input: HTMLInputElement, message: string) {
  input.setAttribute('aria-invalid', 'true')
  createError.textContent = message
  input.focus()
}

createForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  const api = signedIn()
  if (!api) return
  for (const input of [createUrl, createSlug]) input.setAttribute('aria-invalid', 'false')
  const url = createUrl.value.trim()
  const slug = createSlug.value.trim()
  const title = createTitle.value.trim()
  const channel = createChannel.value
  if (!url) return invalid(createUrl, 'Enter the article’s URL.')
  if (!/^https?:\/\/\S+$/i.test(url)) return invalid(createUrl, 'The article URL must start with https:// or http://.')
  if (slug && !/^[A-Za-z0-9_-]{3,64}$/.test(slug)) return invalid(createSlug, 'A slug is 3 to 64 letters, digits, _ or -.')
  const input: CreateInput = { url }
  if (slug) input.slug = slug
  if (title) input.title = title
  if ((CHANNELS as readonly string[]).includes(channel)) input.channel = channel as Channel
  createSubmit.disabled = true
  createError.textContent = 'Creating the link (reading the article)…'
  try {
    const link = await api.create(input)
    createDialog.returnValue = 'created'
    createDialog.close()
    invalidateList()
    sayAndKeep(`Link created: ${link.shortUrl}`)
    location.hash = `#/link/${link.code}`
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      createDialog.close()
      return handleError(err, 'Creating the link')
    }
    createError.textContent = describe(err, 'Creating the link')
    if (err instanceof ApiError && err.code === 'slug_taken') createSlug.setAttribute('aria-invalid', 'true')
    if (err instanceof ApiError && (err.code === 'invalid_url' || err.code === 'host_not_allowed'))
      createUrl.setAttribute('aria-invalid', 'true')
  } finally {
    createSubmit.disabled = false
  }
})
