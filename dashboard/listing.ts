/**
 * @module Where the list of links stands, kept while another view shows: the search and page on
 * screen, the cursors that reach its pages, and whether a change (a link made or deleted) means
 * reading it again from page one.
 */
import { forgetOnSignOut } from './session'

export interface Listing {
  /** All links (''), or the server's matches of a search. */
  query: string
  /** cursors[i] reads page i of `query`; page 0 needs none. */
  cursors: (string | null)[]
  index: number
}

export const listing = { kept: { query: '', cursors: [null], index: 0 } as Listing, dirty: false }

/** After a change: the list is read again from page one. */
export function invalidateList() {
  listing.dirty = true
}

// On signing out: nothing read with the old key stays.
forgetOnSignOut(() => {
  listing.kept = { query: '', cursors: [null], index: 0 }
  listing.dirty = false
})
