/**
 * The publisher's site, on loopback: small article pages the Worker unfurls when a link is
 * created (ALLOWED_HOSTS has "127.0.0.1:*", any port of it). Counting fetches shows
 * whether anything on the measured paths goes back to the article.
 */
import { createServer } from 'node:http'
import { track } from './cleanup.mjs'

function article(url, slug) {
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Bench article ${slug}</title>
<link rel="canonical" href="${url}">
<meta property="og:title" content="Bench article ${slug}: a headline of ordinary length for a news story">
<meta property="og:description" content="A standfirst of a sentence or two, as publishers write them, long enough to be cut by some platforms.">
<meta property="og:image" content="https://images.example.com/${slug}/lead.jpg">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:site_name" content="Bench News">
<meta name="twitter:site" content="@benchnews">
</head><body><article><h1>Bench article ${slug}</h1><p>Body text.</p></article></body></html>`
}

export async function startOrigin() {
  let fetches = 0
  const server = createServer((req, res) => {
    const m = /^\/article\/([a-z0-9-]+)$/.exec(req.url ?? '')
    if (!m) return res.writeHead(404).end('not found')
    fetches++
    const url = `http://127.0.0.1:${server.address().port}${req.url}`
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(article(url, m[1]))
  })
  server.keepAliveTimeout = 1000
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  track(
    'article origin',
    server,
    () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  )
  return {
    articleUrl: (slug) => `${base}/article/${slug}`,
    fetches: () => fetches,
  }
}
