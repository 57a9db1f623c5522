/** @module The one place the Worker's bindings and Hono's generics are spelled. */
import type { SignedIn } from './auth/sign-in'
import type { Config } from './config'

/** The bindings, as `wrangler types` generates them from wrangler.toml (worker-configuration.d.ts). */
export type Env = Cloudflare.Env

export type AppEnv = {
  Bindings: Env
  Variables: {
    /** The vars, parsed once per isolate (config.ts). */
    config: Config
    /** Who called an admin route, and with which role (routes/auth.ts). */
    signedIn: SignedIn
  }
}
