/**
 * @module ShareClaims: one Durable Object per article address, where every link of the article is
 * made. It is the one owner of "which code is this article's link on each channel" and of the
 * article's list of links (for its public counts); it asks each new link's LinkOwner to store
 * the record, and no LinkOwner ever calls back. Readers pressing the same button at the same
 * moment, anywhere, get one link: the decision is made here, in this object's storage, never
 * read back from KV.
 */
import { DurableObject } from 'cloudflare:workers'
import type { Actor } from '../audit/log'
import type { Env } from '../env'
import type { Channel } from './channels'
import { randomCode } from './codes'
import { ownerOf } from './owner'
import { goneReason, type LinkRecord, type NewLink } from './schema'
import { type ArticleLink, KV_WRITE_SPACING_MS, writeArticleLinks } from './store'

const RETRY_MS = 10_000
/** A clash of random codes is rare; a few more settle it. */
const CODE_ATTEMPTS = 5

export type Found = { code: string } | { alias: string } | null

export class ShareClaims extends DurableObject<Env> {
  private readonly sql: SqlStorage
  /** Claims being decided, per channel: a second press waits for the first instead of racing it. */
  private readonly deciding = new Map<string, Promise<{ link: LinkRecord; created: boolean } | null>>()
  private copying: Promise<void> = Promise.resolve()
  /** When the KV copy of the list was last written (see KV_WRITE_SPACING_MS). */
  private copiedAt = 0

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS claims (channel TEXT PRIMARY KEY, code TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS links (code TEXT NOT NULL, id TEXT PRIMARY KEY, channel TEXT) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
      `)
    })
  }

  /** The code holding `channel` (live or not: the caller checks), or the article this address is another name of. */
  async find(channel: Channel): Promise<Found> {
    const alias = this.meta('alias')
    if (alias) return { alias }
    const code = this.holder(channel)
    return code ? { code } : null
  }

  /** This address is another name (a short URL, an AMP page) of the article at `url`. */
  async setAlias(url: string): Promise<void> {
    this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('alias', ?)", url)
  }

  /**
   * The live link holding `channel`, or `candidate` made now if the slot is free or its holder
   * has been deleted, disabled or has expired. Null only if no free code could be found.
   */
  async claim(channel: Channel, candidate: NewLink): Promise<{ link: LinkRecord; created: boolean } | null> {
    const actor: Actor = { kind: 'share', name: 'share button' }
    const pending = this.deciding.get(channel)
    if (pending) return pending.then((decided) => decided && { link: decided.link, created: false })
    const deciding = (async () => {
      const holder = this.holder(channel)
      if (holder) {
        // Asked of the holder's owner, not of a copy: a link re-enabled a moment ago is live.
        const rec = await ownerOf(this.env, holder).get()
        if (rec && !goneReason(rec)) return { link: rec, created: false }
      }
      const rec = await this.make(candidate, [candidate.code, ...Array.from({ length: CODE_ATTEMPTS - 1 }, () => randomCode())], actor)
      if (!rec) return null
      this.sql.exec('INSERT OR REPLACE INTO claims (channel, code, at) VALUES (?, ?, ?)', channel, rec.code, Date.now())
      return { link: rec, created: true }
    })()
    this.deciding.set(channel, deciding)
    try {
      return await deciding
    } finally {
      this.deciding.delete(channel)
    }
  }

  /**
   * An admin's link of this article: under its slug (null if the slug is held), or under a
   * random code (null only if no free code could be found).
   */
  async create(draft: NewLink, slug: boolean, actor: Actor): Promise<LinkRecord | null> {
    return this.make(draft, slug ? [draft.code] : Array.from({ length: CODE_ATTEMPTS }, () => randomCode()), actor)
  }

  /** The article's links, as its public counts sum them. */
  async links(): Promise<ArticleLink[]> {
    return this.listed()
  }

  override async alarm(): Promise<void> {
    const hash = this.meta('hash')
    if (hash) this.copy(hash)
    await this.copying
  }

  /** Asks the owner of each code in turn to store `draft` under it; the first free one holds the link, listed here. */
  private async make(draft: NewLink, codes: string[], actor: Actor): Promise<LinkRecord | null> {
    for (const code of codes) {
      const rec = await ownerOf(this.env, code).create({ ...draft, code }, actor)
      if (!rec) continue
      this.add({ code: rec.code, id: rec.id, channel: rec.channel }, rec.article)
      await this.copying
      return rec
    }
    return null
  }

  private holder(channel: Channel): string | undefined {
    return this.sql.exec<{ code: string }>('SELECT code FROM claims WHERE channel = ?', channel).toArray()[0]?.code
  }

  private listed(): ArticleLink[] {
    return this.sql.exec<ArticleLink>('SELECT code, id, channel FROM links ORDER BY code').toArray()
  }

  private add(link: ArticleLink, hash: string): void {
    this.sql.exec('INSERT INTO links (code, id, channel) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', link.code, link.id, link.channel)
    if (!this.meta('hash')) this.sql.exec("INSERT INTO meta (k, v) VALUES ('hash', ?)", hash)
    this.copy(hash)
  }

  /**
   * Writes the KV copy of the list, one write at a time so the last one holds the latest list; a
   * change within a second of the last write is written by the alarm when its turn comes.
   */
  private copy(hash: string): void {
    this.copying = this.copying.then(async () => {
      const turn = this.copiedAt + KV_WRITE_SPACING_MS
      if (turn > Date.now()) {
        await this.ctx.storage.setAlarm(turn)
        return
      }
      this.copiedAt = Date.now()
      try {
        await writeArticleLinks(this.env.LINKS, hash, this.listed())
      } catch (err) {
        console.warn(`article ${hash}: KV copy of its links not written yet, retrying:`, String(err))
        await this.ctx.storage.setAlarm(Date.now() + RETRY_MS)
      }
    })
  }

  private meta(k: string): string | undefined {
    return this.sql.exec<{ v: string }>('SELECT v FROM meta WHERE k = ?', k).toArray()[0]?.v
  }
}

/** The ShareClaims object of the article whose canonical URL hashes to `hash`. */
export function claimsOf(env: Env, hash: string): DurableObjectStub<ShareClaims> {
  return env.SHARE_CLAIMS.get(env.SHARE_CLAIMS.idFromName(hash))
}
