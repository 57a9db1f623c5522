/** @module Service routes: health, robots, the OpenAPI document, the demo article. */
import { Hono } from 'hono'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { migrationsProblem, missingMigrations } from '../migrations'
import { op } from './operation'

const Health = z.object({ ok: z.boolean(), problems: z.optional(z.array(z.object({ variable: z.string(), message: z.string() }))) })

const app = new Hono<AppEnv>()
  .get(
    '/healthz',
    op({
      id: 'getHealth',
      tag: 'service',
      always: true,
      summary: 'Health: 503 with the problems when a variable is missing or wrong, or the database lacks its tables',
      responses: {
        200: { description: 'Up', json: Health },
        503: { description: 'Misconfigured: each problem names its variable', json: Health },
      },
    }),
    async (c) => {
      const missing = await missingMigrations(c.env.ANALYTICS)
      const problems = [...c.get('config').problems, ...(missing.length ? [migrationsProblem(missing)] : [])]
      if (problems.length) return c.json({ ok: false, problems }, 503, { 'Cache-Control': 'no-store' })
      return c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' })
    },
  )
  .get(
    '/robots.txt',
    op({
      id: 'getRobots',
      tag: 'service',
      always: true,
      summary: 'Lets every crawler fetch short links; keeps /api/ and /share/ out',
      responses: { 200: { description: 'robots.txt', type: 'text/plain' } },
    }),
    // Short links must stay fetchable by every crawler (X's obeys robots.txt and would show no
    // card); the API is no place for crawlers, and /share/ makes links.
    (c) => c.text('User-agent: *\nDisallow: /api/\nDisallow: /share/\nAllow: /\n', 200, { 'Cache-Control': 'public, max-age=86400' }),
  )
  .get(
    '/demo',
    op({
      id: 'getDemo',
      tag: 'service',
      summary: 'A sample article with the share buttons, under a strict CSP with a nonce',
      responses: { 200: { description: 'HTML', html: true }, 404: { description: 'No assets binding', html: true } },
    }),
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: [NONCE],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
    async (c) => {
      // The demo article from public/, as a publisher's page might serve it: a nonce per request.
      const base = c.get('config').baseUrl
      const article = await c.env.ASSETS.fetch(new Request(`${base}/demo-article`))
      if (!article.ok) return c.notFound()
      const nonce = c.get('secureHeadersNonce')!
      const demoUrl = encodeURIComponent(`${base}/demo`)
      const page = new HTMLRewriter()
        .on('script, style', { element: (el) => void el.setAttribute('nonce', nonce) })
        .on('a[href*="__DEMO_URL__"]', {
          element: (el) => void el.setAttribute('href', el.getAttribute('href')!.replace('__DEMO_URL__', demoUrl)),
        })
        .transform(article)
      return c.body(page.body!, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    },
  )

export default app
