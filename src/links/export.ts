/**
 * @module Every live link with its all-time figures, as sharelink's own export (links/import reads
 * it back): JSON `{ "links": [...] }` or CSV with the same names, streamed a page of the listing
 * at a time, so a catalog of any size leaves in bounded memory, one D1 query a page.
 */
import { csvLine } from '../routes/csv'
import { listLinks } from './catalog'
import { SHARELINK_COLUMNS } from './import/sharelink'
import { toLink } from './schema'

const PAGE = 500

export type ExportFormat = 'json' | 'csv'

export function exportLinks(db: D1Database, baseUrl: string, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: string | null | undefined
  let first = true
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? csvLine(SHARELINK_COLUMNS) : '{"links":['))
    },
    async pull(controller) {
      const page = await listLinks(db, { limit: PAGE, cursor: cursor ?? undefined })
      const rows = page.links.map((l) => ({
        ...toLink(l, baseUrl),
        clicks: l.clicks,
        repeats: l.repeats,
        previews: l.previews,
        shares: l.shares,
        // Which card fields the publisher wrote: an import elsewhere keeps them over the article's.
        setByHand: Object.keys(l.overrides ?? {}).sort(),
      }))
      let text = ''
      for (const row of rows) {
        if (format === 'csv') text += csvLine(SHARELINK_COLUMNS.map((c) => (c === 'setByHand' ? row.setByHand.join(' ') : row[c])))
        else {
          text += `${first ? '' : ','}${JSON.stringify(row)}`
          first = false
        }
      }
      cursor = page.cursor
      if (!cursor && format === 'json') text += ']}'
      if (text) controller.enqueue(encoder.encode(text))
      if (!cursor) controller.close()
    },
  })
}
