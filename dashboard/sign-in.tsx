/** @module The key prompt: a password field, the key checked against the API (who it signs in) before it is kept. */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { Api, ApiError, type Me } from './api'
import { errorText } from './notices'
import { signIn } from './session'

const CHECKING = 'Checking the key…'

export function SignIn(props: { message: string }) {
  const [error, setError] = useState(props.message)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    setError(props.message)
    if (props.message) input.current?.focus()
  }, [props.message])

  const submit = async (event: Event) => {
    event.preventDefault()
    const field = input.current!
    const key = field.value.trim()
    if (!key) {
      setError('Enter the API key.')
      field.focus()
      return
    }
    setBusy(true)
    setError(CHECKING)
    const candidate = new Api(key)
    let me: Me
    try {
      me = await candidate.me()
    } catch (err) {
      setBusy(false)
      if (err instanceof ApiError && err.status === 401) {
        setError('That API key was not accepted. Check it and enter it again.')
        field.select()
      } else setError(errorText(err, 'Signing in'))
      field.focus()
      return
    }
    field.value = ''
    signIn(key, candidate, me)
  }

  return (
    <section id="sign-in" class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p class="muted">
        Enter your sharelink API key. It stays in this browser tab only, until you sign out or close the tab. Behind Cloudflare Access, the
        dashboard opens without one.
      </p>
      <form id="sign-in-form" class="stack" novalidate onSubmit={submit}>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            id="api-key"
            ref={input}
            name="key"
            type="password"
            autocomplete="current-password"
            spellcheck={false}
            autocapitalize="off"
            aria-describedby="sign-in-error"
            aria-invalid={error && error !== CHECKING ? 'true' : 'false'}
            required
          />
        </div>
        <p id="sign-in-error" class="field-error" aria-live="assertive">
          {error}
        </p>
        <button type="submit" class="btn btn-primary" id="sign-in-submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </section>
  )
}
