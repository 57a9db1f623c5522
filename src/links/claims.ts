/**
 * @module ShareClaims: one Durable Object per article address, the one owner of "which code is
 * this article's link on each channel" and of the article's list of links (for its public
 * counts). Readers pressing the same button at the same moment, anywhere, get one link: the
 * decision is made here, in this object's storage, never read back from KV.
 */
import { DurableObject } from 'cloudflare:workers'
import type { Env } from '../env'
import { ApiError } from '../errors'
import type { Channel } from './channels'
import { randomCode } from './codes'
import { ownerOf } from './owner'
import { goneReason, type LinkRecord, type NewLink } from './schema'
import { type ArticleLink, KV_WRITE_SPACING_MS, writeArticleLinks } from './store'

const RETRY_MS = 10_000

export type Found = { code: string } | { alias: string } | null

export class ShareClaims extends DurableObject<Env> {
  private readonly sql: SqlStorage
  /** Claims being decided, per channel: a second press waits for the first instead of racing it. */
  private readonly deciding = new Map<string, Promise<LinkRecord>>()
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
    const code = this.sql.exec<{ code: string }>('SELECT code FROM claims WHERE channel = ?', channel).toArray()[0]?.code
    return code ? { code } : null
  }

  /** This address is another name (a short URL, an AMP page) of the article at `url`. */
  async setAlias(url: string): Promise<void> {
    this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('alias', ?)", url)
  }

  /**
   * The live link holding `channel`, or `candidate`, created now, if the slot is free or its
   * holder has been deleted, disabled or has expired.
   */
  async claim(channel: Channel, candidate: NewLink, hash: string): Promise<{ link: LinkRecord; created: boolean }> {
    const pending = this.deciding.get(channel)
    if (pending) return { link: await pending, created: false }
    let created = false
    const deciding = (async () => {
      const holder = this.sql.exec<{ code: string }>('SELECT code FROM claims WHERE channel = ?', channel).toArray()[0]?.code
      if (holder) {
        // Asked of the holder's owner, not of a copy: a link re-enabled a moment ago is live.
        const rec = await ownerOf(this.env, holder).get()
        if (rec && !goneReason(rec)) return rec
      }
      // A clash of random codes is rare; another code settles it.
      for (let attempt = 0; attempt < 5; attempt++) {
        const code = attempt ? randomCode() : candidate.code
        const rec = await ownerOf(this.env, code).create({ ...candidate, code }, true)
        if (!rec) continue
        this.sql.exec('INSERT OR REPLACE INTO claims (channel, code, at) VALUES (?, ?, ?)', channel, rec.code, Date.now())
        this.add({ code: rec.code, id: rec.id, channel: rec.channel }, hash)
        await this.copying
        created = true
        return rec
      }
      throw new ApiError('unavailable', 'could not find a free code; try again', { 'Retry-After': '1' })
    })()
    this.deciding.set(channel, deciding)
    try {
      return { link: await deciding, created }
    } finally {
      this.deciding.delete(channel)
    }
  }

  /** Lists a link of this article (its owner calls this once per link; repeats are harmless). */
  async addLink(link: ArticleLink, hash: string): Promise<void> {
    this.add(link, hash)
    await this.copying
  }

  /** The article's links, as its public counts sum them. */
  async links(): Promise<ArticleLink[]> {
    return this.sql.exec<ArticleLink>('SELECT code, id, channel FROM links ORDER BY code').toArray()
  }

  override async alarm(): Promise<void> {
    const hash = this.meta('hash')
    if (hash) this.copy(hash)
    await this.copying
  }

  private add(link: ArticleLink, hash: string): void {
    const written = this.sql.exec(
      'INSERT INTO links (code, id, channel) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      link.code,
      link.id,
      link.channel,
    )
    if (!this.meta('hash')) this.sql.exec("INSERT INTO meta (k, v) VALUES ('hash', ?)", hash)
    if (written.rowsWritten) this.copy(hash)
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
        await writeArticleLinks(
          this.env.LINKS,
          hash,
          this.sql.exec<ArticleLink>('SELECT code, id, channel FROM links ORDER BY code').toArray(),
        )
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
