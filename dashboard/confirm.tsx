/** @module The confirmation before an action that cannot be undone (deleting a link, revoking a key). */
import type { Child } from 'hono/jsx'
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import { type Api, ApiError } from './api'
import { errorText, handleError } from './notices'
import { session } from './session'

/**
 * A modal whose keyboard starts on Cancel. Its parts' ids start with `name` (`delete-dialog`,
 * `-title`, `-desc`, `-error`, `-cancel`, `-confirm`). `run` is the API call; `done` follows once
 * the dialog has closed on its success. A rejected key closes it, for the sign-in to take over;
 * any other failure is said inside it, where the one deciding can try again or cancel.
 */
export function ConfirmDialog(props: {
  name: string
  open: boolean
  title: string
  /** The confirming button's words. */
  confirm: string
  /** What the call does, for its failure: "Deleting the link". */
  doing: string
  run: (api: Api) => Promise<unknown>
  done: () => void
  onClose: (confirmed: boolean) => void
  /** What confirming does, in words. */
  children: Child
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (props.open && !d.open) {
      setError('')
      d.returnValue = ''
      d.showModal()
      cancel.current?.focus()
    } else if (!props.open && d.open) d.close()
  }, [props.open])

  const confirm = async () => {
    const api = session.get().api
    if (!api) return
    setBusy(true)
    try {
      await props.run(api)
      dialog.current!.returnValue = 'confirmed'
      dialog.current!.close()
      props.done()
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        dialog.current?.close()
        handleError(err, props.doing)
      } else setError(errorText(err, props.doing))
    } finally {
      setBusy(false)
    }
  }

  const id = (part: string) => `${props.name}-${part}`
  return (
    <dialog
      id={id('dialog')}
      aria-labelledby={id('title')}
      aria-describedby={id('desc')}
      ref={dialog}
      onClose={() => props.onClose(dialog.current?.returnValue === 'confirmed')}
    >
      <div class="stack">
        <h2 id={id('title')}>{props.title}</h2>
        <p id={id('desc')}>{props.children}</p>
        <p id={id('error')} class="field-error" role="alert">
          {error}
        </p>
        <div class="dialog-actions">
          <button type="button" id={id('cancel')} class="btn" ref={cancel} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" id={id('confirm')} class="btn btn-danger-solid" disabled={busy} onClick={confirm}>
            {props.confirm}
          </button>
        </div>
      </div>
    </dialog>
  )
}
