/** @module Reading an article's preview metadata with HTMLRewriter, as a stream, in one pass. */
import { cleanText, decodeEntities } from './entities'

/** What a preview card shows. */
export interface CardMeta {
  title: string
  description: string
  image: string | null
  imageWidth?: number
  imageHeight?: number
  imageAlt?: string
  siteName: string
  twitterSite?: string
}

export interface ArticleMeta extends CardMeta {
  /** The page's canonical link, resolved; the caller decides whether to trust it. */
  canonical: string | null
}

const WANTED = new Set([
  'og:title',
  'og:description',
  'og:image',
  'og:image:url',
  'og:image:secure_url',
  'og:image:width',
  'og:image:height',
  'og:image:alt',
  'og:site_name',
  'twitter:title',
  'twitter:description',
  'twitter:image',
  'twitter:image:src',
  'twitter:image:alt',
  'twitter:site',
  'description',
  'application-name',
])

/** Reads the metadata of an HTML stream whose relative URLs resolve against `pageUrl`. */
export async function readMeta(body: ReadableStream<Uint8Array> | string, pageUrl: URL): Promise<ArticleMeta> {
  const tags = new Map<string, string>()
  let base = pageUrl
  let title = ''
  let inTitle = false
  let titleDone = false
  let canonical: string | null = null
  let linkImage: string | null = null
  let firstImg: string | null = null
  let inBody = false

  const rewriter = new HTMLRewriter()
    .on('base[href]', {
      element(el) {
        base = resolve(el.getAttribute('href'), pageUrl) ?? base
      },
    })
    .on('meta', {
      element(el) {
        const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? '').trim().toLowerCase()
        const content = el.getAttribute('content')
        // The first value wins: pages list their main image before any alternates.
        if (content !== null && WANTED.has(key) && !tags.has(key)) tags.set(key, content)
      },
    })
    .on('title', {
      element(el) {
        if (titleDone) return
        inTitle = true
        el.onEndTag(() => {
          inTitle = false
          titleDone = true
        })
      },
      text(chunk) {
        if (inTitle && !titleDone) title += chunk.text
      },
    })
    .on('link[href]', {
      element(el) {
        const rel = ` ${(el.getAttribute('rel') ?? '').toLowerCase()} `
        const href = el.getAttribute('href')!
        if (canonical === null && rel.includes(' canonical ')) canonical = decodeEntities(href)
        if (linkImage === null && rel.includes(' image_src ')) linkImage = href
      },
    })
    .on('img[src]', {
      element(el) {
        if (firstImg === null) firstImg = el.getAttribute('src')
      },
    })
    .on('body', {
      element() {
        inBody = true
      },
    })

  // Consuming the transformed body drives the handlers; its bytes are not needed. Once the head
  // is read and an image is known, the rest of the page (most of its bytes) can't change the
  // card: stop there, which also stops the download.
  const source = typeof body === 'string' ? chunked(body) : body
  const reader = rewriter.transform(new Response(source, { headers: { 'Content-Type': 'text/html' } })).body!.getReader()
  const hasImage = () => firstImg !== null || linkImage !== null || IMAGE_KEYS.some((k) => tags.has(k))
  while (!(await reader.read()).done) {
    if (inBody && hasImage()) {
      await reader.cancel()
      break
    }
  }

  const text = (key: string) => cleanText(tags.get(key) ?? '')
  // Attribute values arrive still encoded; each is decoded exactly once, here or in cleanText.
  const imageRaw =
    tags.get('og:image:secure_url') ??
    tags.get('og:image') ??
    tags.get('og:image:url') ??
    tags.get('twitter:image') ??
    tags.get('twitter:image:src') ??
    linkImage ??
    firstImg
  const meta: ArticleMeta = {
    canonical: canonical ? (resolve(canonical, base)?.href ?? null) : null,
    title: clip(text('og:title') || text('twitter:title') || cleanText(title), 300),
    description: clip(text('og:description') || text('twitter:description') || text('description'), 1000),
    image: imageRaw ? (resolve(decodeEntities(imageRaw).trim(), base)?.href ?? null) : null,
    siteName: clip(text('og:site_name') || text('application-name'), 200),
  }
  const width = positiveInt(tags.get('og:image:width'))
  const height = positiveInt(tags.get('og:image:height'))
  const alt = text('og:image:alt') || text('twitter:image:alt')
  const site = text('twitter:site')
  if (width) meta.imageWidth = width
  if (height) meta.imageHeight = height
  if (alt) meta.imageAlt = clip(alt, 420)
  if (site) meta.twitterSite = clip(site, 64)
  return meta
}

const IMAGE_KEYS = ['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src']

/** A page held in memory, fed to the rewriter 16 KiB at a time so reading can stop early. */
function chunked(html: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(html)
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(at, at + 16 * 1024))
      at += 16 * 1024
    },
  })
}

/** Absolute http(s) URL, or null for anything else (javascript:, data:, garbage). */
function resolve(href: string | null, base: URL): URL | null {
  if (!href) return null
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null
  } catch {
    return null
  }
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value?.trim())
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : undefined
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half (encodeURIComponent throws on one). */
function clip(s: string, max: number): string {
  if (s.length <= max) return s
  return `${s
    .slice(0, max - 1)
    .toWellFormed()
    .replace(/\uFFFD$/, '')
    .trimEnd()}…`
}
