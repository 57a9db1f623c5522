/** @module The create-link dialog: the form, its checks, and where a new link leads. */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { CHANNELS, type Channel } from '../src/links/channels'
import { ApiError, type CreateInput } from './api'
import { channelName } from './format'
import { invalidateList } from './listing'
import { errorText, handleError, sayAndKeep } from './notices'
import { linkHref } from './router'
import { session } from './session'
import { store } from './store'

/** Whether the dialog is open, and what opened it (the focus goes back there when it closes). */
const dialogState = store<{ open: boolean; opener: HTMLElement | null }>({ open: false, opener: null })

export function openCreate(event?: Event) {
  dialogState.set({ open: true, opener: (event?.currentTarget as HTMLElement | null) ?? null })
}

type Field = 'url' | 'slug' | null

export function CreateDialog() {
  const state = dialogState.use()
  const dialog = useRef<HTMLDialogElement>(null)
  const form = useRef<HTMLFormElement>(null)
  const url = useRef<HTMLInputElement>(null)
  const [error, setError] = useState('')
  const [invalid, setInvalid] = useState<Field>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (state.open && !d.open) {
      form.current?.reset()
      d.returnValue = ''
      setError('')
      setInvalid(null)
      d.showModal()
      url.current?.focus()
    } else if (!state.open && d.open) d.close()
  }, [state.open])
  // Leaving for another view closes it.
  useEffect(() => () => dialogState.set({ open: false, opener: null }), [])

  const closed = () => {
    const { opener } = dialogState.get()
    dialogState.set({ open: false, opener: null })
    if (opener?.isConnected) opener.focus()
    else if (!dialog.current?.returnValue) document.querySelector<HTMLElement>('h1[tabindex]')?.focus()
  }

  const refuse = (field: Field, message: string) => {
    setInvalid(field)
    setError(message)
    form.current?.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus()
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    const api = session.get().api
    const f = form.current
    if (!api || !f) return
    const data = new FormData(f)
    const value = (name: string) => String(data.get(name) ?? '').trim()
    const [href, slug, title, channel] = [value('url'), value('slug'), value('title'), value('channel')]
    setInvalid(null)
    if (!href) return refuse('url', 'Enter the article’s URL.')
    if (!/^https?:\/\/\S+$/i.test(href)) return refuse('url', 'The article URL must start with https:// or http://.')
    if (slug && !/^[A-Za-z0-9_-]{3,64}$/.test(slug)) return refuse('slug', 'A slug is 3 to 64 letters, digits, _ or -.')
    const input: CreateInput = { url: href }
    if (slug) input.slug = slug
    if (title) input.title = title
    if ((CHANNELS as readonly string[]).includes(channel)) input.channel = channel as Channel
    setBusy(true)
    setError('Creating the link (reading the article)…')
    try {
      const link = await api.create(input)
      dialog.current!.returnValue = 'created'
      dialog.current!.close()
      invalidateList()
      sayAndKeep(`Link created: ${link.shortUrl}`)
      location.hash = linkHref(link.code)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        dialog.current?.close()
        return handleError(err, 'Creating the link')
      }
      setError(errorText(err, 'Creating the link'))
      if (err instanceof ApiError && err.code === 'slug_taken') setInvalid('slug')
      if (err instanceof ApiError && (err.code === 'invalid_url' || err.code === 'host_not_allowed')) setInvalid('url')
    } finally {
      setBusy(false)
    }
  }

  return (
    <dialog id="create-dialog" aria-labelledby="create-title" ref={dialog} onClose={closed}>
      <form
        id="create-form"
        class="stack"
        ref={form}
        novalidate
        onSubmit={submit}
        onInput={(event: Event) => {
          // Editing a field takes back what was said about it.
          const name = (event.target as HTMLInputElement).name
          if (name === invalid) {
            setInvalid(null)
            setError('')
          }
        }}
      >
        <h2 id="create-title">New link</h2>
        <div class="field">
          <label for="create-url">
            Article URL <span class="req">(required)</span>
          </label>
          <input
            id="create-url"
            ref={url}
            name="url"
            type="url"
            inputmode="url"
            autocomplete="off"
            spellcheck={false}
            required
            placeholder="https://news.example.com/2026/story"
            aria-invalid={invalid === 'url' ? 'true' : 'false'}
          />
        </div>
        <div class="field">
          <label for="create-slug">
            Custom slug <span class="opt">(optional)</span>
          </label>
          <input
            id="create-slug"
            name="slug"
            type="text"
            autocomplete="off"
            spellcheck={false}
            pattern="[A-Za-z0-9_\-]{3,64}"
            maxlength={64}
            aria-describedby="create-slug-hint"
            aria-invalid={invalid === 'slug' ? 'true' : 'false'}
          />
          <p id="create-slug-hint" class="hint">
            3 to 64 letters, digits, _ or -. Left empty, a 7-character code is made.
          </p>
        </div>
        <div class="field">
          <label for="create-channel">
            Channel <span class="opt">(optional)</span>
          </label>
          <select id="create-channel" name="channel">
            <option value="">None</option>
            {/* The channels the API takes, in its order (src/links/channels.ts). */}
            {CHANNELS.map((channel) => (
              <option value={channel}>{channelName(channel)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="create-title-input">
            Title <span class="opt">(optional)</span>
          </label>
          <input id="create-title-input" name="title" type="text" maxlength={300} autocomplete="off" aria-describedby="create-title-hint" />
          <p id="create-title-hint" class="hint">
            Left empty, the article's own title is used.
          </p>
        </div>
        <p id="create-error" class="field-error" role="alert">
          {error}
        </p>
        <div class="dialog-actions">
          <button type="button" id="create-cancel" class="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" id="create-submit" class="btn btn-primary" disabled={busy}>
            Create link
          </button>
        </div>
      </form>
    </dialog>
  )
}
