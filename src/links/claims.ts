/**
 * @module ShareClaims: one Durable Object per article that decides, per channel, which code is
 * its share link, so readers pressing the same button at the same moment get one link, not one
 * each (KV has no compare-and-set to decide that).
 */
import { DurableObject } from 'cloudflare:workers'
import type { Env } from '../env'
import { articleHash } from './store'

export class ShareClaims extends DurableObject<Env> {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec('CREATE TABLE IF NOT EXISTS claims (channel TEXT PRIMARY KEY, code TEXT NOT NULL, at INTEGER NOT NULL)')
    })
  }

  /**
   * Claims the channel's slot for `code` and answers whoever holds it afterwards: `code` if the
   * slot was free (or held by `replacing`), else the code that got there first.
   */
  async claim(channel: string, code: string, replacing?: string): Promise<string> {
    const holder = this.sql.exec<{ code: string }>('SELECT code FROM claims WHERE channel = ?', channel).toArray()[0]?.code
    if (holder && holder !== replacing) return holder
    this.sql.exec(
      'INSERT INTO claims (channel, code, at) VALUES (?, ?, ?) ON CONFLICT (channel) DO UPDATE SET code = excluded.code, at = excluded.at',
      channel,
      code,
      Date.now(),
    )
    return code
  }

  /** Frees the slot (the link was deleted), if `code` still holds it. */
  async release(channel: string, code: string): Promise<void> {
    this.sql.exec('DELETE FROM claims WHERE channel = ? AND code = ?', channel, code)
  }
}

export async function claimsOf(env: Env, articleUrl: string) {
  return env.SHARE_CLAIMS.get(env.SHARE_CLAIMS.idFromName(await articleHash(articleUrl)))
}
