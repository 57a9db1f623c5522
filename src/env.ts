/** @module The one place the Worker's bindings and Hono's generics are spelled. */
import type { ClickCounter } from './clicks/counter'
import type { ShareClaims } from './links/claims'

export interface Env {
  /** Link records, indexes and flushed counts (see links/store.ts, clicks/kv.ts). */
  LINKS: KVNamespace
  /** Write-combiner for click counts, one object per link shard. */
  CLICK_COUNTER: DurableObjectNamespace<ClickCounter>
  /** Which code is an article's share link per channel: one object per article. */
  SHARE_CLAIMS: DurableObjectNamespace<ShareClaims>
  /** Static files in public/ (embed.js, the demo article). */
  ASSETS?: Fetcher
  /** Per-client limit on public link creation. Absent in setups without the binding. */
  SHARE_LIMITER?: RateLimit
  PUBLIC_BASE_URL: string
  ALLOWED_HOSTS: string
  /** Bearer token(s) for the admin API, comma-separated for rotation. */
  API_KEY?: string
  FLUSH_SECONDS?: string
  UTM_MEDIUM?: string
}

export type AppEnv = { Bindings: Env }

// `env` and `exports` from 'cloudflare:workers' (tests, RPC) are typed by the same Env.
type AppBindings = Env
declare global {
  namespace Cloudflare {
    interface Env extends AppBindings {}
    interface GlobalProps {
      mainModule: typeof import('./index')
      durableNamespaces: 'ClickCounter' | 'ShareClaims'
    }
  }
}
