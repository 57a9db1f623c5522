/**
 * @module Bitly: a page of the API's `GET /v4/groups/{group_guid}/bitlinks` (JSON), or the CSV the Links
 * page exports. See docs/import-formats.md.
 */
import { type Format, firstFields, hasAny, isFields, linksOf } from './format'

const URL_COLUMNS = ['destination url', 'long url', 'long_url', 'original url']
const LINK_COLUMNS = ['custom link', 'link', 'bitlink']

export const bitly: Format = {
  name: 'bitly',
  json: {
    // The API's page is { links, pagination }; a list of pages' links joined by hand is a bare array.
    links(data) {
      const links = Array.isArray(data) ? data : linksOf(data)
      if (!links) return undefined
      const first = firstFields(links)
      return (first && 'long_url' in first) || (!first && isFields(data) && 'pagination' in data) ? links : undefined
    },
    read: (link) => ({
      url: link.long_url,
      // A custom back-half is the link people were given; the random one stays behind it.
      shortUrl: (Array.isArray(link.custom_bitlinks) && link.custom_bitlinks.find((l) => typeof l === 'string')) || link.link || link.id,
      title: link.title,
      createdAt: link.created_at,
    }),
  },
  csv: {
    matches: (columns) => hasAny(columns, URL_COLUMNS) && hasAny(columns, LINK_COLUMNS) && !columns.has('short link'),
    read: (cell) => ({
      url: first(URL_COLUMNS.map(cell)),
      // A link with several custom back-halves may list them all in the one cell: the first is kept.
      shortUrl: first(LINK_COLUMNS.map((c) => cell(c).split(/[\s,]+/)[0] ?? '')),
      title: cell('title'),
      createdAt: first([cell('date created'), cell('created'), cell('created_at')]),
      clicks: first([cell('engagements'), cell('clicks'), cell('total clicks')]),
    }),
  },
}

function first(values: string[]): string {
  return values.find((v) => v.trim()) ?? ''
}
