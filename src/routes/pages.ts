/** @module Service routes: health, robots, the OpenAPI document, the demo article. */
import { type Context, Hono } from 'hono'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { openApiDocument, route, staticRoute } from './openapi'

const app = new Hono<AppEnv>()

route(
  app,
  {
    method: 'get',
    path: '/healthz',
    tag: 'service',
    summary: 'Health check',
    raw: true,
    responses: { 200: { description: 'Up', json: z.object({ ok: z.boolean() }) } },
  },
  (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }),
)

// Short links must stay fetchable by every crawler (X's obeys robots.txt and would show no card);
// the API is no place for them.
route(
  app,
  {
    method: 'get',
    path: '/robots.txt',
    tag: 'service',
    raw: true,
    summary: 'Lets every crawler fetch short links; keeps /api/ and /share/ out',
    responses: { 200: { description: 'robots.txt' } },
  },
  // /share/ makes links: a crawler following a share button's fallback link must not.
  (c) => c.text('User-agent: *\nDisallow: /api/\nDisallow: /share/\nAllow: /\n', 200, { 'Cache-Control': 'public, max-age=86400' }),
)

route(
  app,
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'service',
    raw: true,
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'The OpenAPI document' } },
  },
  (c) => c.json(openApiDocument(c.env.PUBLIC_BASE_URL), 200, { 'Cache-Control': 'public, max-age=300' }),
)

// Served from public/ by the assets binding, before the Worker runs; listed so the document is whole.
staticRoute({
  method: 'get',
  path: '/docs',
  tag: 'service',
  summary: 'This document, as a page',
  responses: { 200: { description: 'HTML', html: true } },
})
staticRoute({
  method: 'get',
  path: '/embed.js',
  tag: 'share',
  summary: 'The share-button script for article pages (a <sharelink-buttons> element)',
  responses: { 200: { description: 'JavaScript, under 5 KB gzipped' } },
})
staticRoute({
  method: 'get',
  path: '/dashboard',
  tag: 'service',
  summary: "The publisher's dashboard (asks for an API key)",
  responses: { 200: { description: 'HTML', html: true } },
})

/**
 * The demo: the fixture article from public/ with the share buttons, under a strict CSP whose
 * nonce changes per request, as a publisher's page might have.
 */
route(
  app,
  {
    method: 'get',
    path: '/demo',
    tag: 'service',
    raw: true,
    summary: 'A sample article with the share buttons, under a strict CSP with a nonce',
    responses: { 200: { description: 'HTML', html: true } },
  },
  demo,
)

async function demo(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ASSETS) return c.notFound()
  const base = c.env.PUBLIC_BASE_URL.replace(/\/+$/, '')
  const demoUrl = encodeURIComponent(`${base}/demo`)
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
  const article = await c.env.ASSETS.fetch(new Request(`${base}/demo-article`))
  if (!article.ok) return c.notFound()
  const page = new HTMLRewriter()
    .on('script, style', { element: (el) => void el.setAttribute('nonce', nonce) })
    .on('a[href*="__DEMO_URL__"]', {
      element: (el) => void el.setAttribute('href', el.getAttribute('href')!.replace('__DEMO_URL__', demoUrl)),
    })
    .transform(article)
  return new Response(page.body, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  })
}

export default app
