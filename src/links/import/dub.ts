/**
 * @module Dub: the API's `GET /api/links` (a JSON array of links), or the dashboard's CSV export
 * (`GET /api/links/export`, columns chosen by the user). See docs/import-formats.md.
 */
import { type Format, firstFields, hasAny } from './format'

export const dub: Format = {
  name: 'dub',
  json: {
    links(data) {
      const first = Array.isArray(data) ? firstFields(data) : undefined
      return first && 'key' in first && 'domain' in first && 'url' in first ? (data as unknown[]) : undefined
    },
    read: (link) => ({
      url: link.url,
      // `_root` is the link a bare domain redirects with: no path, so no code to keep.
      code: link.key === '_root' ? '' : link.key,
      domain: link.domain,
      title: link.title,
      description: link.description,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      clicks: link.clicks,
      // `archived` only hides a link in Dub's dashboard; `disabledAt` is what stops it redirecting.
      disabled: link.disabledAt !== undefined ? Boolean(link.disabledAt) : undefined,
      passwordProtected: typeof link.password === 'string' && link.password !== '',
    }),
  },
  csv: {
    matches: (columns) =>
      columns.has('destination url') && (columns.has('short link') || !hasAny(columns, ['link', 'custom link', 'bitlink'])),
    read: (cell) => ({
      url: cell('destination url'),
      shortUrl: cell('short link'),
      createdAt: cell('created at'),
      clicks: cell('clicks'),
    }),
    formulaGuard: true,
  },
}
