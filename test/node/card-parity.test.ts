/**
 * Card parity: for every page of the card corpus (test/fixtures/cards/), an independent parser
 * (open-graph-scraper, on cheerio) reads the article itself, and the preview page the short link
 * serves a crawler; their title, description and image agree. The worker runs under
 * `wrangler dev`; the pages come, as bytes in their own encoding, from a local origin.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ogs from 'open-graph-scraper'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CARDS, type CardCase } from '../fixtures/cards/cards'
import { type DevServer, startDev, startOrigin } from './dev-server'

type Field = 'title' | 'description' | 'image'
type Reading = Record<Field, string>

/**
 * Where the two readings differ by design, and why. Each listed field is checked to differ (an
 * exception that no longer holds fails, so the list stays true); every other field must agree.
 */
const SUFFIX =
  "The <title>'s trailing site name is cut (the card shows the site name on its own line); the parser keeps the tab title whole"
const RELATIVE_IMG =
  'The story picture is a relative <img> (declared at least 200 px); the parser’s <img> fallback takes only absolute URLs on a dotted host'
const EXCEPTIONS: Record<string, Partial<Record<Field, string>>> = {
  'jsonld-webpage.html': { title: SUFFIX },
  'title-suffix-stripped.html': { title: SUFFIX },
  'windows-1251-meta.html': { title: SUFFIX, image: RELATIVE_IMG },
  'iso-8859-1-meta.html': { title: SUFFIX, image: RELATIVE_IMG },
  'base-relative-img.html': { image: RELATIVE_IMG },
  'conflicting.html': {
    title:
      'Two og:title: the parser keeps the last, the card the first (a page lists its own before what plugins append, as with og:image)',
  },
  'no-metadata.html': {
    title: 'No title anywhere: a card needs one, so it is the address; the parser has none',
    image: 'The parser takes the first <img>, a 1×1 spacer.gif; spacers and tracking pixels are never a card image',
  },
  'content-picture.html': {
    image:
      'The parser takes the first <img> it reads as a URL, a 1×1 tracking pixel; the card takes the story’s picture (at least 200 px, no logo, sprite, avatar or ad strip)',
  },
  'lazy-picture.html': {
    image: 'The story picture is lazy-loaded (a data: placeholder in src, the image in data-lazy-src), which the parser does not read',
  },
  'link-image-src.html': { image: 'The image is only in <link rel="image_src">, which the parser does not read' },
  'windows-1251-http-equiv.html': { image: 'The image is only in <link rel="image_src">, which the parser does not read' },
  'data-first.html': {
    image: 'The parser takes the first og:image as written, a data: URL; the card refuses it and takes the next candidate, twitter:image',
  },
  'javascript-first.html': {
    image:
      'The parser takes the first og:image as written, a javascript: URL; the card refuses it (and twitter:image, also javascript:) for the JSON-LD image',
  },
  'jsonld-html-escaped.html': {
    image:
      'The JSON-LD’s quotes are HTML-escaped: the parser skips it as malformed, the card reads it decoded (the titles agree only because <title> says the same)',
  },
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cards')
let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>

beforeAll(async () => {
  const routes = Object.fromEntries(CARDS.map((c) => [pathOf(c), { type: c.contentType, body: readFileSync(join(DIR, c.file)) }]))
  origin = await startOrigin(routes)
  dev = await startDev({ ALLOWED_HOSTS: new URL(origin.url).host })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

function pathOf(c: CardCase): string {
  const url = new URL(c.url)
  return url.pathname + url.search
}

it('the preview page and the article agree on title, description and image, for every page in the corpus', async () => {
  const rows: string[] = []
  for (const c of CARDS) {
    const articleUrl = origin.url + pathOf(c)
    const article = await readArticle(c, articleUrl)
    const preview = await readPreview(articleUrl)
    const exceptions = EXCEPTIONS[c.file] ?? {}
    for (const field of ['title', 'description', 'image'] as const) {
      const agree = article[field] === preview[field]
      if (agree === !exceptions[field]) continue
      rows.push(
        `${c.file} ${field}: article ${JSON.stringify(article[field])}, preview ${JSON.stringify(preview[field])}${agree ? ' (listed as an exception, but they agree)' : ''}`,
      )
    }
  }
  expect(rows).toEqual([])
  // Every exception names a page of the corpus.
  expect(Object.keys(EXCEPTIONS).filter((f) => !CARDS.some((c) => c.file === f))).toEqual([])
})

/** The preview page a crawler gets for a new short link to `articleUrl`, as the parser reads it. */
async function readPreview(articleUrl: string): Promise<Reading> {
  const res = await fetch(`${dev.url}/api/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dev.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: articleUrl }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  const { shortUrl } = (await res.json()) as { shortUrl: string }
  const page = await fetch(shortUrl, { headers: { 'User-Agent': 'facebookexternalhit/1.1' }, redirect: 'manual' })
  expect(page.status).toBe(200)
  const { result } = await ogs({ html: await page.text(), onlyGetOpenGraphInfo: true })
  return { title: norm(result.ogTitle), description: norm(result.ogDescription), image: norm(result.ogImage?.[0]?.url) }
}

/**
 * The article as the parser reads it, ranked the way the issue ranks sources: Open Graph, then
 * Twitter, then the JSON-LD article, then the parser's own fallbacks (<title>, meta
 * description, the first <img>). The page is decoded in the encoding its bytes are in.
 */
async function readArticle(c: CardCase, url: string): Promise<Reading> {
  const html = new TextDecoder(c.bytesIn ?? 'utf-8').decode(readFileSync(join(DIR, c.file)))
  const tags = (await ogs({ html, onlyGetOpenGraphInfo: true })).result
  const all = (await ogs({ html })).result
  const ld = articleNode((all.jsonLD ?? []) as unknown[])
  const base = new URL(/<base\s[^>]*href=["']?([^"'\s>]+)/i.exec(html)?.[1] ?? url, url)
  const image = tags.ogImage?.[0]?.url ?? tags.twitterImage?.[0]?.url ?? ld.image ?? all.ogImage?.[0]?.url
  return {
    title: norm(tags.ogTitle ?? tags.twitterTitle ?? ld.headline ?? all.ogTitle),
    description: norm(tags.ogDescription ?? tags.twitterDescription ?? ld.description ?? all.ogDescription),
    image: image ? new URL(image, base).href : '',
  }
}

type Node = Record<string, unknown>

/** The headline, description and first image of a page's JSON-LD article (or WebPage), @id references followed. */
function articleNode(scripts: unknown[]): { headline?: string; description?: string; image?: string } {
  const flat = (x: unknown): Node[] =>
    Array.isArray(x) ? x.flatMap(flat) : x && typeof x === 'object' ? [x as Node, ...flat((x as Node)['@graph'] ?? [])] : []
  const nodes = flat(scripts)
  const byId = new Map(nodes.filter((n) => typeof n['@id'] === 'string').map((n) => [n['@id'] as string, n]))
  const types = (n: Node) => [n['@type']].flat().map(String)
  const node = nodes.find((n) => types(n).some((t) => /(Article|BlogPosting)$/.test(t))) ?? nodes.find((n) => types(n).includes('WebPage'))
  if (!node) return {}
  let image = [node.image ?? node.primaryImageOfPage].flat()[0]
  if (image && typeof image === 'object' && !('@type' in image)) image = byId.get((image as Node)['@id'] as string) ?? image
  const src = typeof image === 'string' ? image : ((image as Node | undefined)?.url ?? (image as Node | undefined)?.contentUrl)
  const text = (v: unknown) => (typeof v === 'string' ? decodeHtml(v) : undefined)
  return { headline: text(node.headline), description: text(node.description), image: text(src) }
}

/** JSON-LD strings carry HTML character references as WordPress writes them (&#8217;, &amp;). */
function decodeHtml(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', pound: '£' }
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref] ?? whole
    return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)))
  })
}

function norm(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim()
}
