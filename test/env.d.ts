declare module '*?raw' {
  const text: string
  export default text
}

declare namespace Cloudflare {
  interface Env {
    /** The repository's D1 migrations, read by vitest.config.ts for test/setup.ts to apply. */
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
  }
}

interface ImportMeta {
  /** Vite's glob import (test/cards.test.ts reads the card corpus with it). */
  glob<T>(pattern: string, options: { query?: string; import?: string; eager: true }): Record<string, T>
}
