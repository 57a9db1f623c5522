/**
 * @module Where the page is: the address's hash names the view. `#/` the overview, `#/links` the
 * list, `#/link/<code>` one link, `#/article/<url, encoded>` one article. The hash holds no secret.
 */
import { clearForNewView } from './notices'
import { store } from './store'

export type Route =
  | { view: 'overview' }
  | { view: 'links' }
  | { view: 'link'; code: string }
  | { view: 'article'; url: string }
  | { view: 'unknown' }

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/') return { view: 'overview' }
  if (hash === '#/links') return { view: 'links' }
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

export const route = store<Route>(parseRoute(location.hash))

window.addEventListener('hashchange', () => {
  clearForNewView()
  route.set(parseRoute(location.hash))
})
