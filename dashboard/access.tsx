/**
 * @module Access, an admin's page: the named keys (name, role, made, last used), a new key (its
 * secret shown once, with a copy button), and revoking one after a confirmation. People who come
 * through Cloudflare Access get their role from ACCESS_ROLES instead; keys are for desks, scripts
 * and services.
 */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { ROLES } from '../src/auth/roles'
import { ApiError, type CreatedKey, type KeyInfo, type Role } from './api'
import { copyOrSelect } from './clipboard'
import { ConfirmDialog } from './confirm'
import { formatStamp } from './format'
import { useLive } from './live'
import { errorText, handleError, say } from './notices'
import { Panel, useView } from './parts'
import { useCan } from './roles'
import { session } from './session'
import { newsroomZone, shownZone } from './zone'

/** What each role may do, in words (dashboard/roles.ts, from the routes' op({ role })). */
const ROLE_WORDS: Record<Role, string> = {
  viewer: 'reads figures, links and cards',
  editor: 'also makes, changes and refreshes links, and reads their history',
  admin: 'also deletes links and manages keys',
}

/** The confirmation before a revocation. */
function RevokeDialog(props: { target: KeyInfo | null; onClose: (revoked: boolean) => void }) {
  const { target } = props
  return (
    <ConfirmDialog
      name="revoke"
      open={!!target}
      title="Revoke this key?"
      confirm="Revoke key"
      doing="Revoking the key"
      // Only an open dialog, which has a target, can be confirmed.
      run={(api) => api.revokeKey(target!.id)}
      done={() => say(`Key “${target!.name}” revoked: it no longer signs anyone in.`)}
      onClose={props.onClose}
    >
      Whoever uses <strong id="revoke-what">{target?.name}</strong> ({target?.role}) is refused from then on, everywhere within a minute.
      This cannot be undone: they would need a new key.
    </ConfirmDialog>
  )
}

/** A key just made: its secret, this once, with a way to copy it. */
function NewSecret(props: { made: CreatedKey; onDone: () => void }) {
  const { made } = props
  const heading = useRef<HTMLHeadingElement>(null)
  const secret = useRef<HTMLElement>(null)
  useEffect(() => heading.current?.focus(), [made.id])
  const copy = () => copyOrSelect(made.key, secret.current, `Copied the key for “${made.name}”.`, 'the key')
  return (
    <section id="new-secret" class="card secret" aria-labelledby="new-secret-title">
      <h2 id="new-secret-title" tabindex={-1} ref={heading}>
        {`The key for “${made.name}” (${made.role})`}
      </h2>
      <p class="secret-warning">
        <strong>Copy it now: you will not see it again.</strong> The service keeps only a hash of it; a lost key can only be revoked and
        replaced.
      </p>
      <code id="new-secret-key" ref={secret}>
        {made.key}
      </code>
      <div class="actions">
        <button type="button" id="copy-secret" class="btn btn-primary" onClick={copy}>
          Copy key
        </button>
        <button type="button" id="secret-done" class="btn" onClick={props.onDone}>
          Done: hide it
        </button>
      </div>
    </section>
  )
}

function NewKeyForm(props: { onMade: (made: CreatedKey) => void }) {
  const form = useRef<HTMLFormElement>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event) => {
    event.preventDefault()
    const api = session.get().api
    const f = form.current
    if (!api || !f) return
    const data = new FormData(f)
    const name = String(data.get('name') ?? '').trim()
    const role = String(data.get('role') ?? '') as Role
    if (!name) {
      setError('Name the key: who or what will use it, e.g. “Sports desk”.')
      f.querySelector<HTMLInputElement>('[name="name"]')?.focus()
      return
    }
    setBusy(true)
    setError('')
    try {
      const made = await api.createKey(name, role)
      f.reset()
      props.onMade(made)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) handleError(err, 'Making the key')
      else setError(errorText(err, 'Making the key'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form id="new-key-form" class="stack new-key" ref={form} novalidate onSubmit={submit}>
      <div class="field">
        <label for="key-name">Name</label>
        <input id="key-name" name="name" type="text" maxlength={100} autocomplete="off" required aria-describedby="key-name-hint" />
        <p id="key-name-hint" class="hint">
          Who or what uses it: the audit log names them by it.
        </p>
      </div>
      <div class="field">
        <label for="key-role">Role</label>
        <select id="key-role" name="role" aria-describedby="key-role-hint">
          {ROLES.map((role) => (
            <option value={role} selected={role === 'viewer'}>
              {role}
            </option>
          ))}
        </select>
        <ul id="key-role-hint" class="hint role-words">
          {ROLES.map((role) => (
            <li>
              <strong>{role}</strong>: {ROLE_WORDS[role]}
            </li>
          ))}
        </ul>
      </div>
      <p id="new-key-error" class="field-error" role="alert">
        {error}
      </p>
      <div>
        <button type="submit" id="new-key-submit" class="btn btn-primary" disabled={busy}>
          Make key
        </button>
      </div>
    </form>
  )
}

export function AccessPage() {
  const can = useCan()
  const allowed = can('keys')
  const live = useLive((api) => (allowed ? api.keys() : Promise.resolve([])), [allowed], 'Loading the keys')
  const [made, setMade] = useState<CreatedKey | null>(null)
  const [revoking, setRevoking] = useState<KeyInfo | null>(null)
  const opener = useRef<HTMLElement | null>(null)
  const heading = useView('Access')
  const zone = newsroomZone.use() ?? shownZone()

  if (!allowed)
    return (
      <section id="access" aria-labelledby="access-title">
        <h1 id="access-title" tabindex={-1} ref={heading}>
          Access
        </h1>
        <div class="empty">
          <strong>For admins</strong>
          Keys are managed by an admin. <a href="#/">Go to Now</a>.
        </div>
      </section>
    )

  const keys = live.data
  return (
    <section id="access" aria-labelledby="access-title" aria-busy={live.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h1 id="access-title" tabindex={-1} ref={heading}>
          Access
        </h1>
      </div>
      <p class="hint">
        Named keys, each with a role, for desks, scripts and services. People signed in by Cloudflare Access get their role from
        ACCESS_ROLES.
      </p>
      {made && (
        <NewSecret
          made={made}
          onDone={() => {
            setMade(null)
            heading.current?.focus()
          }}
        />
      )}
      <Panel id="keys" title="Keys">
        {keys && !keys.length && <p class="muted empty-note">No named key yet.</p>}
        {keys && keys.length > 0 && (
          <table id="keys-table" class="links">
            <caption class="visually-hidden">Named keys, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr data-id={k.id}>
                  <td class="title-cell">
                    <span class="row-title key-name">{k.name}</span>
                  </td>
                  <td data-label="Role">
                    <span class="pill">{k.role}</span>
                  </td>
                  <td class="row-meta" data-label="Made">
                    <time dateTime={k.createdAt}>{formatStamp(k.createdAt, zone)}</time>
                  </td>
                  <td class="row-meta" data-label="Last used">
                    {k.lastUsedAt ? <time dateTime={k.lastUsedAt}>{formatStamp(k.lastUsedAt, zone)}</time> : 'Never'}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small btn-danger revoke"
                      aria-haspopup="dialog"
                      onClick={(event: Event) => {
                        opener.current = event.currentTarget as HTMLElement
                        setRevoking(k)
                      }}
                    >
                      Revoke<span class="visually-hidden"> {k.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel id="new-key" title="New key">
        <NewKeyForm
          onMade={(key) => {
            setMade(key)
            live.reload()
          }}
        />
      </Panel>
      <RevokeDialog
        target={revoking}
        onClose={(revoked) => {
          setRevoking(null)
          if (revoked) {
            live.reload()
            heading.current?.focus()
          } else if (opener.current?.isConnected) opener.current.focus()
        }}
      />
    </section>
  )
}
