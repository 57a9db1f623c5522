/** @module Putting text on the clipboard: the async API where the page allows it, else a hidden textarea. */

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && isSecureContext) return navigator.clipboard.writeText(text)
  const ta = document.createElement('textarea')
  ta.value = text
  ta.setAttribute('readonly', '')
  ta.style.position = 'fixed'
  ta.style.opacity = '0'
  document.body.appendChild(ta)
  ta.select()
  // Deprecated, but the only way without the async API (plain http, older browsers).
  const ok = document.execCommand?.('copy')
  ta.remove()
  if (!ok) throw new Error('copy failed')
}
