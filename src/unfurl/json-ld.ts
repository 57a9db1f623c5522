/** @module Reading an article's schema.org JSON-LD: the article node's headline, description, image, date, author and publisher. */
import { decodeEntities } from './entities'
import { type ImageCandidate, pixels } from './images'

/** What the JSON-LD says about the article; texts as written (entities still encoded). */
export interface LinkedData {
  headline?: string
  /** The WebPage's name: a page title, often with the site's name after it, as in <title>. */
  pageName?: string
  description?: string
  images: ImageCandidate[]
  datePublished?: string
  author?: string
  /** articleSection: the first, where it lists several. */
  section?: string
  publisher?: string
}

/** The types whose node is the article itself. */
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'BlogPosting',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'ReviewNewsArticle',
  'BackgroundNewsArticle',
  'LiveBlogPosting',
  'SatiricalArticle',
  'Report',
])
/** A page about the article: read where the article node is silent (Yoast puts the description there). */
const PAGE_TYPES = new Set(['WebPage', 'ItemPage'])
/** The site: its name is the site name where the article names no publisher. */
const SITE_TYPES = new Set(['WebSite'])

/** At most this many nodes are looked at: a page's graph has a dozen; a catalogue page thousands. */
const MAX_NODES = 500

type Node = Record<string, unknown>

/**
 * The parsed text of one `application/ld+json` script, or null when it is not JSON (skipped,
 * never an error). JSON whose quotes were HTML-escaped (`{&quot;@type&quot;: ...}`, what a
 * template that escapes everything emits) is read decoded.
 */
export function parseScript(script: string): unknown {
  try {
    return JSON.parse(script)
  } catch {}
  if (!/&(?:quot|#34|#x22);/i.test(script)) return null
  try {
    return JSON.parse(decodeEntities(script))
  } catch {
    return null
  }
}

/**
 * Reads the article's node out of a page's parsed scripts (in page order), filling gaps from its
 * WebPage node and naming the publisher after the WebSite where nothing else does.
 */
export function readLinkedData(scripts: readonly unknown[]): LinkedData {
  const nodes: Node[] = []
  for (const script of scripts) collect(script, nodes, 0)
  const byId = new Map<string, Node>()
  for (const node of nodes) if (typeof node['@id'] === 'string' && !byId.has(node['@id'])) byId.set(node['@id'], node)
  const deref = (v: unknown): unknown => (isNode(v) && typeof v['@id'] === 'string' && !('@type' in v) ? (byId.get(v['@id']) ?? v) : v)

  const article = nodes.find((n) => hasType(n, ARTICLE_TYPES))
  const page = nodes.find((n) => hasType(n, PAGE_TYPES))
  const site = nodes.find((n) => hasType(n, SITE_TYPES))
  const ld: LinkedData = { images: [] }
  const set = <K extends keyof LinkedData>(key: K, value: LinkedData[K] | undefined) => {
    if (value !== undefined && value !== '' && ld[key] === undefined) ld[key] = value
  }
  if (article) {
    set('headline', text(article.headline) ?? text(article.name))
    set('description', text(article.description))
    ld.images.push(...images(article.image, deref), ...images(article.thumbnailUrl, deref))
    set('datePublished', text(article.datePublished))
    set('author', names(article.author, deref))
    set('section', text(Array.isArray(article.articleSection) ? article.articleSection[0] : article.articleSection))
    set('publisher', names(article.publisher, deref))
  }
  if (page) {
    set('headline', text(page.headline))
    set('pageName', text(page.name))
    set('description', text(page.description))
    ld.images.push(...images(page.primaryImageOfPage, deref), ...images(page.image, deref), ...images(page.thumbnailUrl, deref))
    set('datePublished', text(page.datePublished))
    set('author', names(page.author, deref))
    set('publisher', names(page.publisher, deref))
    set('publisher', names(deref(page.isPartOf), deref))
  }
  if (site) set('publisher', text(site.name))
  return ld
}

/** The nodes of a parsed script: top-level arrays and `@graph`s flattened, page order kept. */
function collect(value: unknown, into: Node[], depth: number): void {
  if (into.length >= MAX_NODES || depth > 3) return
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1)
    return
  }
  if (!isNode(value)) return
  if ('@type' in value || '@id' in value) into.push(value)
  if ('@graph' in value) collect(value['@graph'], into, depth + 1)
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function hasType(node: Node, types: Set<string>): boolean {
  const t = node['@type']
  // Types are sometimes written as full IRIs: "https://schema.org/NewsArticle".
  const short = (s: unknown) => typeof s === 'string' && types.has(s.replace(/^https?:\/\/schema\.org\//, ''))
  return Array.isArray(t) ? t.some(short) : short(t)
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined
  if (typeof v === 'number') return String(v)
  // A language-tagged value: {"@value": "...", "@language": "en"}; a list: its first.
  if (isNode(v)) return text(v['@value'])
  if (Array.isArray(v)) return text(v[0])
  return undefined
}

/** The names of a Person, an Organization, a plain string, or a list of those, joined. */
function names(v: unknown, deref: (v: unknown) => unknown): string | undefined {
  const list = (Array.isArray(v) ? v : [v]).slice(0, 10).map(deref)
  const found = list.map((x) => (typeof x === 'string' ? x.trim() : isNode(x) ? text(x.name) : undefined)).filter((x) => !!x)
  return found.length ? [...new Set(found)].join(', ') : undefined
}

/** The images of a value: a URL, an ImageObject (its size and caption with it), or a list of those. */
function images(v: unknown, deref: (v: unknown) => unknown): ImageCandidate[] {
  const out: ImageCandidate[] = []
  for (const item of (Array.isArray(v) ? v : [v]).slice(0, 10).map(deref)) {
    if (typeof item === 'string' && item.trim()) out.push({ src: item })
    if (!isNode(item)) continue
    const src = text(item.url) ?? text(item.contentUrl)
    if (!src) continue
    const c: ImageCandidate = { src }
    const width = size(item.width)
    const height = size(item.height)
    const alt = text(item.caption) ?? text(item.description)
    if (width) c.width = width
    if (height) c.height = height
    if (alt) c.alt = alt
    out.push(c)
  }
  return out
}

/** 1200, "1200", "1200px" or a QuantitativeValue {"value": 1200}. */
function size(v: unknown): number | undefined {
  if (isNode(v)) return size(v.value)
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v < 100_000 ? v : undefined
  return typeof v === 'string' ? pixels(v) : undefined
}
