/** @module Service pages: health, robots, the OpenAPI document's UI. */
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { escapeHtml } from '../preview/html'

const app = new Hono<AppEnv>()

app.get('/healthz', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }))

// Short links must stay fetchable by every crawler (X's obeys robots.txt and would show no card);
// the API is no place for them.
app.get('/robots.txt', (c) =>
  c.text('User-agent: *\nDisallow: /api/\nAllow: /\n', 200, { 'Cache-Control': 'public, max-age=86400' }),
)

/** The OpenAPI document as a readable page: no third-party script, nothing to load. */
app.get('/docs', (c) => {
  const base = escapeHtml(new URL(c.req.url).origin)
  return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>sharelink API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code,pre{background:#f4f4f4;padding:.1em .3em}pre{padding:1em;overflow:auto}h2{margin-top:2em}.m{font-weight:700;text-transform:uppercase}</style>
</head><body><h1>sharelink API</h1><p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p><div id="routes"><noscript>Open /openapi.json to read the document.</noscript></div>
<script src="/docs.js" defer></script><p><small>${base}</small></p></body></html>`, 200, {
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  })
})

/** Renders the route list from /openapi.json; escaped with textContent throughout. */
app.get('/docs.js', (c) =>
  c.body(
    `fetch('/openapi.json').then(r=>r.json()).then(d=>{const root=document.getElementById('routes');const el=(t,x)=>{const e=document.createElement(t);if(x!=null)e.textContent=x;return e};
for(const [p,ops] of Object.entries(d.paths)){for(const [m,op] of Object.entries(ops)){const s=el('section');const h=el('h2');const mm=el('span',m);mm.className='m';h.append(mm,' ',el('code',p));s.append(h);if(op.summary)s.append(el('p',op.summary));if(op.description)s.append(el('p',op.description));if(op.security&&op.security.length)s.append(el('p','Requires Authorization: Bearer <API_KEY>'));
const codes=el('ul');for(const [code,r] of Object.entries(op.responses||{}))codes.append(el('li',code+': '+(r.description||'')));s.append(codes);root.append(s)}}})`,
    200,
    { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
  ),
)

/**
 * The demo: the fixture article from public/ with the share buttons, under a strict CSP whose
 * nonce changes per request, as a publisher's page might have.
 */
app.get('/demo', async (c) => {
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
})

export default app
