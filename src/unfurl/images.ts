/** @module Which of a page's images is its card image: candidates in the page's own order, the first a card may show. */
import { decodeEntities } from './entities'

/** An image the page names, as written (attribute values still entity-encoded), with what it says about it. */
export interface ImageCandidate {
  src: string
  width?: number
  height?: number
  alt?: string
}

/** The chosen image: an absolute http(s) URL, and its size and alt text where the page gave them. */
export interface CardImage {
  url: string
  width?: number
  height?: number
  alt?: string
}

/**
 * The first candidate a card may show, resolved against `base`. A refused candidate (see
 * `cardImageUrl`) passes the turn to the next: a page whose first og:image is an SVG logo or a
 * data: placeholder usually names its photo right after.
 */
export function firstCardImage(candidates: Iterable<ImageCandidate>, base: URL): CardImage | null {
  for (const c of candidates) {
    const url = cardImageUrl(c.src, base)
    if (!url) continue
    const image: CardImage = { url }
    if (c.width) image.width = c.width
    if (c.height) image.height = c.height
    if (c.alt) image.alt = c.alt
    return image
  }
  return null
}

/**
 * The absolute URL of an image a card may show, or null. Its scheme stays what the article says
 * (http or https, any host: it is the article's own picture, and platforms fetch it themselves);
 * only http(s) is taken, so javascript:, data: and the rest never are; nor URLs with
 * credentials, nor SVG, which no platform shows as a card image.
 */
export function cardImageUrl(src: string, base: URL): string | null {
  const text = decodeEntities(src).trim()
  if (!text) return null
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password) return null
  if (/\.svgz?$/i.test(url.pathname)) return null
  return url.href
}

/** The attributes of an `<img>` that say whether it is the story's picture. */
export interface ImgAttributes {
  src: string | null
  /** Lazy loaders keep the real address here and a placeholder in `src`. */
  lazySrc: string | null
  width: string | null
  height: string | null
  alt: string | null
  className: string | null
  id: string | null
}

// Words that name the furniture of a page rather than the story's picture, as whole words
// ("site-logo", "author_avatar", "siteLogo"; not "Silicon" or "iconic").
const FURNITURE =
  /(?:^|[^a-z])(?:icon|logo|avatar|sprite|pixel|spacer|badge|emoji|gravatar|tracking|beacon|placeholder|spinner|loader)s?(?:[^a-z]|$)/i

function isFurniture(name: string | null): boolean {
  return name !== null && FURNITURE.test(name.replace(/([a-z])([A-Z])/g, '$1 $2'))
}

/**
 * An `<img>` in the page as a candidate, or null unless it is plausibly a picture of the story:
 * declared at least 200 px on its longer side and not a strip (tracking pixels, 1-px spacers, ad
 * banners), and not named an icon, logo, avatar, sprite or the like. An undeclared size says
 * nothing, so such images are never taken: a wrong card image is worse than none.
 */
export function storyPicture(img: ImgAttributes): ImageCandidate | null {
  const width = pixels(img.width)
  const height = pixels(img.height)
  const longer = Math.max(width ?? 0, height ?? 0)
  if (longer < 200) return null
  if (width && height && longer / Math.min(width, height) > 4) return null
  const placeholder = !img.src || /^\s*data:/i.test(img.src)
  const src = placeholder ? img.lazySrc : img.src
  if (!src) return null
  // The file's name, not its host or folders: "/uploads/catalogo/" or "pixel.cdn.example" say nothing.
  const file = src.split(/[?#]/)[0]!.split('/').pop() ?? ''
  if ([file, img.className, img.id, img.alt].some(isFurniture)) return null
  const candidate: ImageCandidate = { src }
  if (width) candidate.width = width
  if (height) candidate.height = height
  if (img.alt?.trim()) candidate.alt = img.alt
  return candidate
}

/** A declared size in CSS pixels (`800`, `800px`), or undefined for anything else (`100%`, `auto`). */
export function pixels(value: string | null | undefined): number | undefined {
  const m = /^\s*(\d{1,5})(?:\.\d+)?\s*(?:px)?\s*$/i.exec(value ?? '')
  const n = m ? Number(m[1]) : 0
  return n > 0 ? n : undefined
}
