/** @module Shlink: the CSV its web client exports from the short URLs list (short_urls.csv). See docs/import-formats.md. */
import type { Format } from './format'

export const shlink: Format = {
  name: 'shlink',
  csv: {
    matches: (columns) => columns.has('shortcode') && columns.has('longurl'),
    read: (cell) => ({
      url: cell('longurl'),
      code: cell('shortcode'),
      domain: cell('domain'),
      shortUrl: cell('shorturl'),
      title: cell('title'),
      createdAt: cell('createdat'),
      clicks: cell('visits'),
    }),
  },
}
