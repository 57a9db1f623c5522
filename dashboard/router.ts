/**
 * @module Where the page is: the address's hash names the view. `#/` the time just past (Now),
 * `#/overview` the overview (`?section=` and `?author=` filter it), `#/sections` sections and
 * authors, `#/links` the list, `#/link/<code>` one link, `#/article/<url, encoded>` one article,
 * `#/access` the keys. The hash holds no secret.
 */
import { clearForNewView } from './notices'
import { store } from './store'

/** What the overview keeps to: one section, one author, or both. */
export interface Filters {
  section?: string
  author?: string
}

export type Route =
  | { view: 'now' }
  | ({ view: 'overview' } & Filters)
  | { view: 'sections' }
  | { view: 'links' }
  | { view: 'link'; code: string }
  | { view: 'article'; url: string }
  | { view: 'access' }
  | { view: 'unknown' }

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/') return { view: 'now' }
  if (hash === '#/links') return { view: 'links' }
  if (hash === '#/sections') return { view: 'sections' }
  if (hash === '#/access') return { view: 'access' }
  const overview = /^#\/overview(?:\?(.*))?$/.exec(hash)
  if (overview) {
    const q = new URLSearchParams(overview[1] ?? '')
    const filters: Filters = {}
    for (const name of ['section', 'author'] as const) {
      const value = q.get(name)?.trim()
      if (value) filters[name] = value
    }
    return { view: 'overview', ...filters }
  }
  const link = /^#\/link\/([A-Za-z0-9_-]{1,64})$/.exec(hash)
  if (link) return { view: 'link', code: link[1]! }
  const article = /^#\/article\/(.+)$/.exec(hash)
  if (article) {
    try {
      const url = decodeURIComponent(article[1]!)
      if (/^https?:\/\//i.test(url)) return { view: 'article', url }
    } catch {}
  }
  return { view: 'unknown' }
}

export const linkHref = (code: string) => `#/link/${code}`
export const articleHref = (url: string) => `#/article/${encodeURIComponent(url)}`
export function overviewHref(filters: Filters = {}): string {
  const q = new URLSearchParams()
  if (filters.section) q.set('section', filters.section)
  if (filters.author) q.set('author', filters.author)
  const query = q.toString()
  return query ? `#/overview?${query}` : '#/overview'
}

export const route = store<Route>(parseRoute(location.hash))

window.addEventListener('hashchange', () => {
  clearForNewView()
  route.set(parseRoute(location.hash))
})
