/**
 * @module Saving an API answer as a file. The API signs callers in with a header or the Access
 * cookie, so a plain link could not carry a key: the dashboard reads the file like any call and
 * hands the browser its Blob through an object URL. No CSP directive governs a download; the URL is
 * let go once the browser has it.
 */
import type { SavedFile } from './api'

/** Starts the browser's download of `file` under its name; answers the name. */
export function saveFile({ blob, filename }: SavedFile): string {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
  return filename
}
