/**
 * @module LinkOwner: one Durable Object per code, the one writer of that link's record. Every
 * change (create, edit, disable, refresh, delete, purge) is decided here against the current
 * version, so no late write revives a deleted link or overwrites a newer one. The copies others
 * read (KV for redirects and previews, D1 for the listing) are written from here, in version
 * order, and retried on an alarm until they hold. It calls no other object: links are made by
 * their article's ShareClaims, which calls this one.
 */
import { DurableObject } from 'cloudflare:workers'
import { type Action, type Actor, type AuditEntry, writeAudit } from '../audit/log'
import type { Env } from '../env'
import type { ArticleMeta } from '../unfurl'
import { writeCatalogRow } from './catalog'
import { randomCode } from './codes'
import { withFreshCard, withOverrides } from './record'
import type { LinkRecord, NewLink } from './schema'
import { KV_WRITE_SPACING_MS, purgeAt, writeLinkCopy } from './store'

/** A change the admin API asks for, already validated (image checked, expiry in the future). */
export interface LinkChange {
  title?: string
  description?: string
  image?: string | null
  expiresAt?: string | null
  disabled?: boolean
}

const RETRY_MS = 10_000
/** A failed read of the article is recorded at most once a minute (the copies' staleness). */
const FAILED_READ_SPACING_MS = 60_000

interface State {
  record: LinkRecord | null
  /** Versions of the record each copy holds. */
  kv: number
  d1: number
  /** Audit entries of changes D1 does not have yet: kept with the record, so none is lost. */
  audit?: AuditEntry[]
}

/** A link's fields as the audit log shows them before and after a change. */
function auditFields(rec: LinkRecord): Record<string, unknown> {
  return {
    code: rec.code,
    url: rec.url,
    channel: rec.channel,
    title: rec.title,
    description: rec.description,
    image: rec.image,
    expiresAt: rec.expiresAt,
    disabled: rec.disabled,
    unfurledAt: rec.unfurledAt,
    ...(rec.deletedAt ? { deletedAt: rec.deletedAt } : {}),
  }
}

export class LinkOwner extends DurableObject<Env> {
  private state: State = { record: null, kv: 0, d1: 0 }
  private syncing: Promise<void> = Promise.resolve()
  /** When the KV copy was last written (a restarted object does not know: a 429 is then retried). */
  private kvWrittenAt = 0

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    ctx.blockConcurrencyWhile(async () => {
      // Read only: a lookup of a code nobody holds (a scan of random codes, say) must leave no
      // table, no row and no stored object behind. The table is made by the first save.
      const exists = ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'state'").toArray().length > 0
      const row = exists ? ctx.storage.sql.exec<{ data: string }>('SELECT data FROM state').toArray()[0] : undefined
      if (row) this.state = JSON.parse(row.data)
    })
  }

  /** The link, unless there is none or it was purged. */
  async get(): Promise<LinkRecord | null> {
    return this.current()
  }

  /** Stores a new link under this code, unless the code is held (a deleted link holds it until purged). */
  async create(input: NewLink, actor: Actor): Promise<LinkRecord | null> {
    if (this.current()) return null
    const record: LinkRecord = { ...input, id: randomCode(12), version: 1 }
    this.save({ record, kv: 0, d1: 0, audit: [this.entry('link.create', actor, null, record)] })
    await this.sync()
    return record
  }

  /** Each change answers the new record, or null when there is no live link to change. */
  async change(change: LinkChange, actor: Actor): Promise<LinkRecord | null> {
    const rec = this.current()
    if (!rec || rec.deletedAt) return null
    const { expiresAt, disabled, ...card } = change
    let next = withOverrides({ ...rec }, card)
    if (expiresAt !== undefined) next = { ...next, expiresAt }
    if (disabled !== undefined) next = { ...next, disabled }
    return this.commit(next, 'link.update', actor)
  }

  /** A fresh read of the article (null: it could not be read), applied onto the record as it is now. */
  async refreshed(meta: ArticleMeta | null, actor: Actor): Promise<LinkRecord | null> {
    const rec = this.current()
    if (!rec || rec.deletedAt) return null
    // Crawlers elsewhere, reading a copy that has not seen the last try yet (KV shows a write after
    // up to a minute), retry an unreadable article too: a failure within the minute changes nothing.
    if (!meta && rec.triedAt && Date.now() - Date.parse(rec.triedAt) < FAILED_READ_SPACING_MS) return rec
    return this.commit(withFreshCard(rec, meta), 'link.refresh', actor)
  }

  /** Marks the link deleted: it answers 410 until purged; its stats stay readable. */
  async remove(actor: Actor): Promise<LinkRecord | null> {
    const rec = this.current()
    if (!rec || rec.deletedAt) return null
    return this.commit({ ...rec, deletedAt: new Date().toISOString() }, 'link.delete', actor)
  }

  /** Retries copies that did not take, and purges an ended link when its time comes. */
  override async alarm(): Promise<void> {
    const rec = this.state.record
    const at = rec && purgeAt(rec)
    if (rec && at !== null && at <= Date.now()) {
      // Its KV copy expires by itself; the listing learns it is gone; the code is free again.
      const purged = { ...rec, deletedAt: rec.deletedAt ?? new Date().toISOString(), version: rec.version + 1 }
      await writeCatalogRow(this.env.ANALYTICS, purged)
      if (this.state.audit?.length) await writeAudit(this.env.ANALYTICS, this.state.audit)
      this.save({ record: null, kv: 0, d1: 0 })
      return
    }
    await this.sync()
  }

  private current(): LinkRecord | null {
    const rec = this.state.record
    if (!rec) return null
    const at = purgeAt(rec)
    return at !== null && at <= Date.now() ? null : rec
  }

  private async commit(next: LinkRecord, action: Action, actor: Actor): Promise<LinkRecord> {
    const before = this.state.record!
    const record = { ...next, version: before.version + 1 }
    this.save({ ...this.state, record, audit: [...(this.state.audit ?? []), this.entry(action, actor, before, record)] })
    await this.sync()
    return record
  }

  /** The audit entry of a change: named by the record's generation and version, so a retried copy is one row. */
  private entry(action: Action, actor: Actor, before: LinkRecord | null, after: LinkRecord): AuditEntry {
    return {
      id: `${after.id}:${after.version}`,
      at: new Date().toISOString(),
      actor,
      action,
      code: after.code,
      before: before && auditFields(before),
      after: action === 'link.delete' ? null : auditFields(after),
    }
  }

  private save(state: State): void {
    this.state = state
    this.ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS state (one INTEGER PRIMARY KEY CHECK (one = 1), data TEXT NOT NULL)')
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO state (one, data) VALUES (1, ?)', JSON.stringify(state))
  }

  /** Writes `entries` to the audit log, then forgets them (those only: more may have come meanwhile). */
  private async copyAudit(entries: AuditEntry[]): Promise<void> {
    await writeAudit(this.env.ANALYTICS, entries)
    const written = new Set(entries.map((e) => e.id))
    this.save({ ...this.state, audit: (this.state.audit ?? []).filter((e) => !written.has(e.id)) })
  }

  /**
   * Brings every copy up to the latest version. Runs one at a time (a later call waits for the
   * one before), so copies are written in version order; whatever fails is retried on an alarm.
   */
  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce())
    return this.syncing
  }

  private async syncOnce(): Promise<void> {
    const { record } = this.state
    if (!record) return
    let failed = false
    // A change within a second of the last KV write waits for its turn; the latest version goes then.
    const kvDue = this.state.kv < record.version
    const kvAt = kvDue ? this.kvWrittenAt + KV_WRITE_SPACING_MS : 0
    const kvNow = kvDue && kvAt <= Date.now()
    const attempt = async (what: string, write: () => Promise<void>, done: (s: State) => State) => {
      try {
        await write()
        // Only if nothing newer was saved meanwhile: a later sync writes that version.
        if (this.state.record?.version === record.version) this.save(done(this.state))
      } catch (err) {
        failed = true
        console.warn(`link ${record.code}: ${what} copy not written yet, retrying:`, String(err))
      }
    }
    // Each copy on its own; each stays in version order, as syncs run one at a time.
    await Promise.all([
      kvNow &&
        attempt(
          'KV',
          () => {
            this.kvWrittenAt = Date.now()
            return writeLinkCopy(this.env.LINKS, record)
          },
          (s) => ({ ...s, kv: record.version }),
        ),
      this.state.d1 < record.version &&
        attempt(
          'D1',
          () => writeCatalogRow(this.env.ANALYTICS, record),
          (s) => ({ ...s, d1: record.version }),
        ),
      this.state.audit?.length &&
        this.copyAudit(this.state.audit).catch((err) => {
          failed = true
          console.warn(`link ${record.code}: audit entries not written to D1 yet, retrying:`, String(err))
        }),
    ])
    const purge = purgeAt(record)
    const next = Math.min(
      failed ? Date.now() + RETRY_MS : Number.POSITIVE_INFINITY,
      kvDue && !kvNow ? kvAt : Number.POSITIVE_INFINITY,
      purge ?? Number.POSITIVE_INFINITY,
    )
    if (next !== Number.POSITIVE_INFINITY) await this.ctx.storage.setAlarm(next)
  }
}

/** The owner of `code`'s record. */
export function ownerOf(env: Env, code: string): DurableObjectStub<LinkOwner> {
  return env.LINK_OWNER.get(env.LINK_OWNER.idFromName(code))
}
