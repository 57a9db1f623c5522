/**
 * @module ShareClaims: one Durable Object per article address, where every link of the article is
 * made. It is the one owner of "which code is this article's link on each channel"; it asks each
 * new link's LinkOwner to store the record, and no LinkOwner ever calls back. Readers pressing the same button at the same
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

/** A clash of random codes is rare; a few more settle it. */
const CODE_ATTEMPTS = 5

export type Found = { code: string } | { alias: string } | null

export class ShareClaims extends DurableObject<Env> {
  private readonly sql: SqlStorage
  /** Claims being decided, per channel: a second press waits for the first instead of racing it. */
  private readonly deciding = new Map<string, Promise<{ link: LinkRecord; created: boolean } | null>>()

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS claims (channel TEXT PRIMARY KEY, code TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
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
   * random code (null only if no free code could be found). `adopt` (imports): a link on a channel
   * becomes that channel's share-button link unless a button's link holds it or is being made, so
   * buttons keep giving out the links readers already have after a move.
   */
  async create(draft: NewLink, options: { slug: boolean; adopt?: boolean }, actor: Actor): Promise<LinkRecord | null> {
    const codes = options.slug ? [draft.code] : Array.from({ length: CODE_ATTEMPTS }, () => randomCode())
    const rec = await this.make(draft, codes, actor)
    const channel = rec?.channel
    if (rec && options.adopt && channel && !this.deciding.has(channel) && !this.holder(channel))
      this.sql.exec('INSERT INTO claims (channel, code, at) VALUES (?, ?, ?)', channel, rec.code, Date.now())
    return rec
  }

  /** Asks the owner of each code in turn to store `draft` under it; the first free one holds the link. */
  private async make(draft: NewLink, codes: string[], actor: Actor): Promise<LinkRecord | null> {
    for (const code of codes) {
      const rec = await ownerOf(this.env, code).create({ ...draft, code }, actor)
      if (rec) return rec
    }
    return null
  }

  private holder(channel: Channel): string | undefined {
    return this.sql.exec<{ code: string }>('SELECT code FROM claims WHERE channel = ?', channel).toArray()[0]?.code
  }

  private meta(k: string): string | undefined {
    return this.sql.exec<{ v: string }>('SELECT v FROM meta WHERE k = ?', k).toArray()[0]?.v
  }
}

/** The ShareClaims object of the article whose canonical URL hashes to `hash`. */
export function claimsOf(env: Env, hash: string): DurableObjectStub<ShareClaims> {
  return env.SHARE_CLAIMS.get(env.SHARE_CLAIMS.idFromName(hash))
}
