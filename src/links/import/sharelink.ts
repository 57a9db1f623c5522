/**
 * @module sharelink's own export, as `GET /api/links/export?format=json|csv` is to return it: JSON
 * `{ links: [...] }` or CSV with the same names as columns. See docs/import-formats.md.
 */
import { type Format, firstFields, isFields, linksOf } from './format'
import type { SourceRow } from './rows'

/** The fields of an exported link, in the CSV's column order. */
export const SHARELINK_COLUMNS = [
  'code',
  'shortUrl',
  'url',
  'channel',
  'title',
  'description',
  'image',
  'siteName',
  'createdAt',
  'expiresAt',
  'disabled',
  'unfurledAt',
  'setByHand',
  'clicks',
  'repeats',
  'previews',
  'shares',
] as const

// siteName and unfurledAt are not read: the card comes back from the article, read again. Title,
// description and image are read as the card; those named in setByHand were the publisher's own and stay so.
const read = (get: (field: string) => unknown): SourceRow => ({
  url: get('url'),
  code: get('code'),
  shortUrl: get('shortUrl'),
  channel: get('channel'),
  title: get('title'),
  description: get('description'),
  image: get('image'),
  setByHand: get('setByHand'),
  createdAt: get('createdAt'),
  expiresAt: get('expiresAt'),
  disabled: get('disabled'),
  clicks: get('clicks'),
})

export const sharelink: Format = {
  name: 'sharelink',
  json: {
    // Told from Sink's and Bitly's { links } by what those carry and this does not.
    links(data) {
      const links = linksOf(data)
      if (!links || !isFields(data) || 'version' in data || 'pagination' in data) return undefined
      const first = firstFields(links)
      return !first || 'code' in first ? links : undefined
    },
    read: (link) => read((field) => link[field]),
  },
  csv: {
    matches: (columns) => columns.has('code') && columns.has('url'),
    read: (cell) => read((field) => cell(field.toLowerCase())),
    formulaGuard: true,
  },
}
