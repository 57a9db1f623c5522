/**
 * @module A link's history from the audit log (GET /api/audit?code=): when, who, what, and the
 * fields each change set, before → after; newest first, a page at a time (the API's cursor).
 * For editors and admins: the log is theirs to read.
 */
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import type { AuditEntry, AuditPage } from './api'
import { channelName, formatStamp } from './format'
import { handleError } from './notices'
import { session } from './session'
import { newsroomZone, shownZone } from './zone'

/** Entries per page. */
const HISTORY_PAGE = 10

const ACTIONS: Record<AuditEntry['action'], string> = {
  'link.create': 'Created',
  'link.update': 'Changed',
  'link.refresh': 'Card read again',
  'link.delete': 'Deleted',
  'key.create': 'Key made',
  'key.revoke': 'Key revoked',
}

/** The link's fields the log records (src/links/owner.ts, auditFields), in words; the code never changes. */
const FIELDS: Record<string, string> = {
  url: 'Article',
  channel: 'Channel',
  title: 'Title',
  description: 'Description',
  image: 'Image',
  expiresAt: 'Expires',
  disabled: 'Disabled',
  unfurledAt: 'Card read',
  deletedAt: 'Deleted',
}
const INSTANTS = new Set(['expiresAt', 'unfurledAt', 'deletedAt'])

const ACTORS: Record<AuditEntry['actor']['kind'], string> = {
  key: 'key',
  access: 'Cloudflare Access',
  api_key: 'the service’s key',
  share: 'a share button',
  system: 'the service',
  cli: 'the command line',
}

function valueText(field: string, value: unknown, zone: string): string {
  if (value === null || value === undefined || value === '') return '(none)'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (field === 'channel' && typeof value === 'string') return channelName(value)
  if (INSTANTS.has(field) && typeof value === 'string') return formatStamp(value, zone)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The fields an entry changed: every field whose value differs (on creation, those it set). */
function changesOf(entry: Pick<AuditEntry, 'before' | 'after'>): { field: string; before: unknown; after: unknown }[] {
  const before = entry.before ?? {}
  const after = entry.after ?? {}
  return Object.keys(FIELDS)
    .filter((f) => f in before || f in after)
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((field) => ({ field, before: before[field], after: after[field] }))
}

function Changes(props: { entry: AuditEntry; zone: string }) {
  const { entry, zone } = props
  const changes = changesOf(entry)
  if (entry.action === 'link.delete') return <span class="muted">It answers “410 Gone” since.</span>
  if (!changes.length) return <span class="muted">No field changed.</span>
  return (
    <ul class="changes">
      {changes.map((c) => (
        <li data-field={c.field}>
          <span class="change-field">{FIELDS[c.field]}</span>{' '}
          {entry.before === null ? (
            <span class="change-after">{valueText(c.field, c.after, zone)}</span>
          ) : (
            <>
              <span class="change-before">{valueText(c.field, c.before, zone)}</span>
              <span aria-hidden="true"> → </span>
              <span class="visually-hidden"> changed to </span>
              <span class="change-after">{valueText(c.field, c.after, zone)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The history of link `code`; read again when `changed` moves (the page made a change). */
export function LinkHistory(props: { code: string; changed: number }) {
  const [pages, setPages] = useState<AuditPage[]>([])
  const [busy, setBusy] = useState(false)
  const table = useRef<HTMLTableElement>(null)
  const zone = newsroomZone.use() ?? shownZone()

  const read = async (cursor: string | null) => {
    const api = session.get().api
    if (!api) return
    setBusy(true)
    try {
      const page = await api.audit(props.code, HISTORY_PAGE, cursor)
      setPages((pages) => (cursor ? [...pages, page] : [page]))
      // The last page read: its button goes from under the focus, which goes to the table.
      if (cursor && !page.cursor) requestAnimationFrame(() => table.current?.focus())
    } catch (err) {
      handleError(err, 'Loading the link’s history', () => void read(cursor))
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => {
    void read(null)
  }, [props.code, props.changed])

  const entries = pages.flatMap((p) => p.entries)
  const cursor = pages.at(-1)?.cursor ?? null
  return (
    <>
      {pages.length > 0 && !entries.length && <p class="muted empty-note">No change recorded yet.</p>}
      {entries.length > 0 && (
        <table class="links history" id="history-table" ref={table} tabindex={-1} aria-busy={busy ? 'true' : 'false'}>
          <caption class="visually-hidden">Changes to this link, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Fields</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr data-action={e.action}>
                <td class="row-meta" data-label="When">
                  <time dateTime={e.at}>{formatStamp(e.at, zone)}</time>
                </td>
                <td data-label="Who">
                  <span class="actor">{e.actor.name}</span> <span class="muted">({ACTORS[e.actor.kind]})</span>
                </td>
                <td class="action" data-label="What">
                  {ACTIONS[e.action]}
                </td>
                <td data-label="Fields">
                  <Changes entry={e} zone={zone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <p>
          <button
            type="button"
            id="history-more"
            class="btn btn-small"
            aria-busy={busy ? 'true' : undefined}
            onClick={() => !busy && read(cursor)}
          >
            Older changes
          </button>
        </p>
      )}
    </>
  )
}
