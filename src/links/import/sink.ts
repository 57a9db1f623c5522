/** @module Sink: the dashboard's JSON export (`{ version, exportedAt, count, links }`). See docs/import-formats.md. */
import { type Format, firstFields, isFields, linksOf } from './format'

export const sink: Format = {
  name: 'sink',
  json: {
    links(data) {
      const links = linksOf(data)
      if (!links || !isFields(data) || typeof data.version !== 'string') return undefined
      const first = firstFields(links)
      return !first || 'slug' in first ? links : undefined
    },
    read: (link) => ({
      url: link.url,
      code: link.slug,
      title: link.title,
      description: link.description,
      // Unix seconds, both of them.
      createdAt: link.createdAt,
      expiresAt: link.expiration,
      passwordProtected: typeof link.password === 'string' && link.password !== '',
    }),
  },
}
