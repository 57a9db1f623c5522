/** @module Reading an article's preview metadata with HTMLRewriter, as a stream, in one pass. */
import type { CardMeta } from './card-meta'
import { withEncoding } from './charset'
import { cleanText, decodeEntities } from './entities'
import { isoTime, ogLocale, withoutSiteSuffix } from './fields'
import { type CardImage, firstCardImage, type ImageCandidate, pixels, storyPicture } from './images'
import { parseScript, readLinkedData } from './json-ld'

export interface ArticleMeta extends CardMeta {
  /** The page's canonical link, resolved; the caller decides whether to trust it. */
  canonical: string | null
}

const WANTED = new Set([
  'og:title',
  'og:description',
  'og:site_name',
  'og:locale',
  'article:published_time',
  'article:author',
  'article:section',
  'twitter:title',
  'twitter:description',
  'twitter:image',
  'twitter:image:src',
  'twitter:image:alt',
  'twitter:site',
  'description',
  'author',
  'application-name',
])

/**
 * How far past <body> reading goes when the head names no card image: far enough for the
 * story's picture and JSON-LD a template prints in the body, while the CPU spent on a 1 MiB
 * page stays a fraction of the budget.
 */
const BODY_SCAN_BYTES = 128 * 1024
/** The most bytes handed to the rewriter at once: how far past "settled" reading can go. */
const FEED_BYTES = 16 * 1024

/** JSON-LD read per page, in characters: a news page's graph is a few KiB; the bound keeps a catalogue's out of the CPU budget. */
const MAX_LD_CHARS = 256 * 1024
const MAX_LD_SCRIPTS = 32
/** og:image entries kept: the first is the card's; the rest stand in when it is refused. */
const MAX_OG_IMAGES = 8

/** One `og:image` with the structured properties that follow it (`:secure_url`, `:width`, ...). */
interface OgImage {
  image?: string
  url?: string
  secureUrl?: string
  width?: number
  height?: number
  alt?: string
}

/**
 * Reads the metadata of an HTML stream whose relative URLs resolve against `pageUrl`, decoding
 * it in `charset` (the Content-Type's) or else the one its first bytes declare. A string is
 * text already: it is read as it is.
 */
export async function readMeta(
  body: ReadableStream<Uint8Array> | string,
  pageUrl: URL,
  charset: string | null = null,
): Promise<ArticleMeta> {
  const tags = new Map<string, string>()
  const ogImages: OgImage[] = []
  let base = pageUrl
  let baseSeen = false
  let lang: string | null = null
  let title = ''
  let inTitle = false
  let titleDone = false
  let canonical: string | null = null
  let linkImage: string | null = null
  let picture: ImageCandidate | null = null
  /** Bytes fed to the rewriter so far, and how many had been when its body began (-1: not yet). */
  let fed = 0
  let bodyAt = -1
  const ldScripts: unknown[] = []
  let ldChars = 0
  let ldText: string | null = null
  let ldCache = readLinkedData([])
  let ldRead = 0
  // Re-read only when a script has been added: the check runs on every slice fed.
  const linkedData = () => {
    if (ldRead !== ldScripts.length) {
      ldCache = readLinkedData(ldScripts)
      ldRead = ldScripts.length
    }
    return ldCache
  }

  const rewriter = new HTMLRewriter()
    .on('html', {
      element(el) {
        lang ??= el.getAttribute('lang') ?? el.getAttribute('xml:lang')
      },
    })
    .on('base[href]', {
      element(el) {
        // The first <base> is the document's base URL; later ones are ignored, as browsers do.
        if (baseSeen) return
        baseSeen = true
        base = safeUrl(decodeEntities(el.getAttribute('href')!), pageUrl) ?? base
      },
    })
    .on('meta', {
      element(el) {
        const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? '').trim().toLowerCase()
        const content = el.getAttribute('content')
        if (content === null) return
        if (key.startsWith('og:image')) return addOgImage(ogImages, key, content)
        // The first value wins: a page lists its own before any alternates.
        if (WANTED.has(key) && !tags.has(key)) tags.set(key, content)
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
    .on('script[type="application/ld+json" i]', {
      element(el) {
        if (ldScripts.length >= MAX_LD_SCRIPTS) return
        ldText = ''
        el.onEndTag(() => {
          if (ldText !== null) ldScripts.push(parseScript(ldText))
          ldText = null
        })
      },
      text(chunk) {
        if (ldText === null) return
        ldChars += chunk.text.length
        // Past the bound the script is dropped whole: a cut-off JSON text is no JSON.
        ldText = ldChars <= MAX_LD_CHARS ? ldText + chunk.text : null
      },
    })
    .on('img', {
      element(el) {
        picture ??= storyPicture({
          src: el.getAttribute('src'),
          lazySrc: el.getAttribute('data-src') ?? el.getAttribute('data-lazy-src') ?? el.getAttribute('data-original'),
          width: el.getAttribute('width'),
          height: el.getAttribute('height'),
          alt: el.getAttribute('alt'),
          className: el.getAttribute('class'),
          id: el.getAttribute('id'),
        })
      },
    })
    .on('head', {
      element(el) {
        el.onEndTag(() => {
          if (bodyAt < 0) bodyAt = fed
        })
      },
    })
    .on('body', {
      element() {
        if (bodyAt < 0) bodyAt = fed
      },
    })

  // The image candidates named in the page's metadata, in the order they rank.
  const metaImages = (): ImageCandidate[] => {
    const out: ImageCandidate[] = []
    for (const og of ogImages) {
      for (const src of [og.secureUrl, og.image, og.url]) if (src) out.push({ src, width: og.width, height: og.height, alt: og.alt })
    }
    const twitter = tags.get('twitter:image') ?? tags.get('twitter:image:src')
    if (twitter) out.push({ src: twitter, alt: tags.get('twitter:image:alt') })
    out.push(...linkedData().images)
    if (linkImage) out.push({ src: linkImage })
    return out
  }

  // The page is fed to the rewriter until the card can't change any more: once the head is read
  // and names an image a card may show, the rest of the page (most of its bytes) can't change
  // the card. Without one, the body is read on for JSON-LD and the story's picture, but only so
  // far past <body>. Stopping the feed also stops the download.
  const { body: bytes, encoding } =
    typeof body === 'string' ? { body: chunked(body), encoding: 'utf-8' } : await withEncoding(body, charset)
  const settled = () => bodyAt >= 0 && (fed - bodyAt >= BODY_SCAN_BYTES || firstCardImage(metaImages(), base) !== null)
  const response = new Response(
    feed(bytes, (n) => {
      fed = n
      return settled()
    }),
    { headers: { 'Content-Type': `text/html; charset=${encoding}` } },
  )
  // Drained natively: reading the output chunk by chunk in JS cost three times the CPU, and its
  // bytes are not needed; the handlers are what read the page.
  await rewriter.transform(response).arrayBuffer()

  const ld = linkedData()
  const text = (key: string) => cleanText(tags.get(key) ?? '')
  const siteName = clip(text('og:site_name') || cleanText(ld.publisher ?? '') || text('application-name'), 200)
  // Only a title written for a browser tab carries the site's name; og:title and headline don't.
  const suffixes = [siteName, pageUrl.hostname]
  const meta: ArticleMeta = {
    canonical: canonical ? (safeUrl(canonical, base)?.href ?? null) : null,
    title: clip(
      text('og:title') ||
        text('twitter:title') ||
        cleanText(ld.headline ?? '') ||
        withoutSiteSuffix(cleanText(title), suffixes) ||
        withoutSiteSuffix(cleanText(ld.pageName ?? ''), suffixes),
      300,
    ),
    description: clip(
      text('og:description') || text('twitter:description') || cleanText(ld.description ?? '') || text('description'),
      1000,
    ),
    image: null,
    siteName,
  }
  const image = firstCardImage([...metaImages(), ...(picture ? [picture] : [])], base)
  if (image) withImage(meta, image, tags, base)
  const site = text('twitter:site')
  const published = isoTime(text('article:published_time')) ?? isoTime(cleanText(ld.datePublished ?? ''))
  const author = text('article:author') || cleanText(ld.author ?? '') || text('author')
  const section = text('article:section') || cleanText(ld.section ?? '')
  const locale = ogLocale(text('og:locale')) ?? ogLocale(lang && cleanText(lang))
  if (site) meta.twitterSite = clip(site, 64)
  if (published) meta.publishedTime = published
  if (author) meta.author = clip(author, 200)
  if (section) meta.section = clip(section, 100)
  if (locale) meta.locale = locale
  return meta
}

/** Files one `og:image*` tag: `og:image` opens an entry, its structured properties fill the open one. */
function addOgImage(list: OgImage[], key: string, content: string): void {
  let open = list.at(-1)
  const start = () => {
    if (list.length >= MAX_OG_IMAGES) return undefined
    open = {}
    list.push(open)
    return open
  }
  switch (key) {
    case 'og:image':
      if (start()) open!.image = content
      return
    case 'og:image:url':
      // The same picture as the og:image before it, or the opening of an entry of its own.
      if (open && open.image !== undefined && open.url === undefined) open.url = content
      else if (start()) open!.url = content
      return
    case 'og:image:secure_url':
      if (open && open.secureUrl === undefined) open.secureUrl = content
      else if (start()) open!.secureUrl = content
      return
    case 'og:image:width':
      if (open) open.width ??= pixels(content)
      return
    case 'og:image:height':
      if (open) open.height ??= pixels(content)
      return
    case 'og:image:alt':
      if (open) open.alt ??= content
  }
}

/** Puts the chosen image on the card, with its size and alt text (also from twitter:image:alt when that names the same picture). */
function withImage(meta: ArticleMeta, image: CardImage, tags: Map<string, string>, base: URL): void {
  meta.image = image.url
  if (image.width) meta.imageWidth = image.width
  if (image.height) meta.imageHeight = image.height
  let alt = cleanText(image.alt ?? '')
  const twitter = tags.get('twitter:image') ?? tags.get('twitter:image:src')
  if (!alt && twitter && firstCardImage([{ src: twitter }], base)?.url === image.url) alt = cleanText(tags.get('twitter:image:alt') ?? '')
  if (alt) meta.imageAlt = clip(alt, 420)
}

/**
 * The page's bytes as the rewriter pulls them, at most FEED_BYTES at a time, until
 * `done(bytesSoFar)` says the card is settled: then the feed ends and the source is cancelled
 * (no more is downloaded). The slices let reading stop inside a large chunk.
 */
function feed(source: ReadableStream<Uint8Array>, done: (fed: number) => boolean): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let fed = 0
  let rest: Uint8Array | null = null
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done(fed)) {
        controller.close()
        await reader.cancel().catch(() => {})
        return
      }
      if (!rest) {
        const next = await reader.read()
        if (next.done) return controller.close()
        rest = next.value
      }
      const slice: Uint8Array = rest.subarray(0, FEED_BYTES)
      rest = rest.byteLength > FEED_BYTES ? rest.subarray(FEED_BYTES) : null
      fed += slice.byteLength
      controller.enqueue(slice)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}

/** A page held in memory, as bytes (feed slices them). */
function chunked(html: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(html)
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

/** Absolute http(s) URL, or null for anything else (javascript:, data:, garbage). */
function safeUrl(href: string | null, base: URL): URL | null {
  if (!href) return null
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null
  } catch {
    return null
  }
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
