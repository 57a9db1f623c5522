/** @module A link's preview page: Open Graph and Twitter card tags for crawlers, a way on for people. */
import { WAY_ON_QUERY } from '../links/answer'
import type { LinkRecord } from '../links/schema'
import { escapeHtml as e } from './html'

/**
 * `og:url` is the short link: a platform that follows og:url would otherwise attach the card
 * to the article and no click would be counted. The canonical link names the article.
 */
export function renderPreview(link: LinkRecord, shortUrl: string): string {
  const meta: [string, string, string | number | undefined][] = [
    ['property', 'og:type', 'article'],
    ['property', 'og:url', shortUrl],
    ['property', 'og:title', link.title],
    ['property', 'og:description', link.description || undefined],
    ['property', 'og:site_name', link.siteName],
    ['property', 'og:locale', link.locale],
    ['property', 'article:published_time', link.publishedTime],
    ['property', 'article:author', link.author],
    ['property', 'article:section', link.section],
    ['property', 'og:image', link.image ?? undefined],
    ['property', 'og:image:width', link.image ? link.imageWidth : undefined],
    ['property', 'og:image:height', link.image ? link.imageHeight : undefined],
    ['property', 'og:image:alt', link.image ? link.imageAlt : undefined],
    ['name', 'twitter:card', link.image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', link.title],
    ['name', 'twitter:description', link.description || undefined],
    ['name', 'twitter:image', link.image ?? undefined],
    ['name', 'twitter:image:alt', link.image ? link.imageAlt : undefined],
    ['name', 'twitter:site', link.twitterSite],
    ['name', 'description', link.description || undefined],
  ]
  const tags = meta
    .filter(([, , v]) => v !== undefined && v !== '')
    .map(([attr, key, v]) => `<meta ${attr}="${key}" content="${e(String(v))}">`)
    .join('\n')
  const url = e(link.url)
  // A person shown this page goes on through the short link: counted, and with its UTM tags.
  const wayOn = e(`${shortUrl}?${WAY_ON_QUERY}`)
  // The page's text is the article's, so it is in the article's language.
  const lang = link.locale ? link.locale.replace('_', '-') : 'en'
  return `<!doctype html>
<html lang="${e(lang)}"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(link.title)}</title>
<link rel="canonical" href="${url}">
${tags}
<meta http-equiv="refresh" content="0; url=${wayOn}">
</head><body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem">
<p><a href="${wayOn}">${e(link.title)}</a></p>
<p>${e(link.siteName)}</p>
</body></html>`
}
