/** @module What can be done to the link on screen: update its figures, copy, disable or enable, refresh, delete. */
import { type Api, ApiError, type Link } from './api'
import { detailShown, forgetLink, renderLink, renderStats, shownLink } from './detail'
import { $ } from './dom'
import { fmt } from './format'
import { invalidateList } from './list'
import { describe, handleError, say, sayAndKeep, sayError } from './notices'
import { signedIn } from './sign-in'

const toggleButton = $<HTMLButtonElement>('toggle-link')
const refreshButton = $<HTMLButtonElement>('refresh-link')
const copyButton = $<HTMLButtonElement>('copy-link')
const deleteButton = $<HTMLButtonElement>('delete-link')
const deleteDialog = $<HTMLDialogElement>('delete-dialog')
const deleteError = $('delete-error')

export function closeDelete() {
  if (deleteDialog.open) deleteDialog.close()
}

$('reload-stats').addEventListener('click', async () => {
  const api = signedIn()
  const link = shownLink()
  if (!api || !link) return
  try {
    const stats = await api.stats(link.code, true)
    if (shownLink()?.code !== link.code) return
    renderStats(link, stats)
    say(`Figures updated: ${fmt(stats.clicks)} clicks, ${fmt(stats.previews)} previews.`)
  } catch (err) {
    handleError(err, 'Updating the figures')
  }
})

copyButton.addEventListener('click', async () => {
  const current = shownLink()
  if (!current) return
  const text = current.shortUrl
  try {
    await navigator.clipboard.writeText(text)
    say(`Copied ${text}`)
  } catch {
    // No clipboard access (an insecure origin, or refused): select it for a manual copy.
    const code = $('d-short')
    const range = document.createRange()
    range.selectNodeContents(code)
    const sel = getSelection()
    sel?.removeAllRanges()
    sel?.addRange(range)
    sayError('The browser did not allow copying: the short link is selected, press Ctrl+C (or ⌘C) to copy it.')
  }
})

/** Runs an action on the current link with its button busy; the result replaces the link. */
async function act(button: HTMLButtonElement, doing: string, run: (a: Api, l: Link) => Promise<Link>, done: (l: Link) => string) {
  const api = signedIn()
  const current = shownLink()
  if (!api || !current) return
  button.disabled = true
  button.setAttribute('aria-busy', 'true')
  try {
    const next = await run(api, current)
    invalidateList()
    renderLink(next)
    say(done(next))
  } catch (err) {
    handleError(err, doing)
  } finally {
    button.disabled = false
    button.removeAttribute('aria-busy')
  }
}

toggleButton.addEventListener('click', () =>
  act(
    toggleButton,
    shownLink()?.disabled ? 'Enabling the link' : 'Disabling the link',
    (a, l) => a.setDisabled(l.code, !l.disabled),
    (l) => (l.disabled ? 'Link disabled: it now answers “410 Gone”.' : 'Link enabled: it redirects again.'),
  ),
)

refreshButton.addEventListener('click', () =>
  act(
    refreshButton,
    'Refreshing the preview',
    (a, l) => a.refresh(l.code),
    (l) =>
      l.unfurledAt === null
        ? 'The article could not be read: previews still show its address. Try again later.'
        : `Preview refreshed from the article: “${l.title}”.`,
  ),
)

deleteButton.addEventListener('click', () => {
  deleteError.textContent = ''
  deleteDialog.showModal()
  $('delete-cancel').focus()
})
$('delete-cancel').addEventListener('click', () => deleteDialog.close())
deleteDialog.addEventListener('close', () => {
  if (detailShown() && deleteDialog.returnValue !== 'deleted') deleteButton.focus()
  deleteDialog.returnValue = ''
})
$<HTMLButtonElement>('delete-confirm').addEventListener('click', async (event) => {
  const api = signedIn()
  const link = shownLink()
  if (!api || !link) return
  const button = event.currentTarget as HTMLButtonElement
  button.disabled = true
  try {
    await api.remove(link.code)
    deleteDialog.returnValue = 'deleted'
    deleteDialog.close()
    invalidateList()
    forgetLink()
    sayAndKeep(`Link ${link.shortUrl} deleted.`)
    location.hash = '#/'
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      deleteDialog.close()
      handleError(err, 'Deleting the link')
    } else {
      deleteError.textContent = describe(err, 'Deleting the link')
    }
  } finally {
    button.disabled = false
  }
})
