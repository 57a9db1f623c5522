/** @module Copying what the page shows (a short link, a new key's secret), where the browser may refuse. */
import { say, sayError } from './notices'

/**
 * Copies `text`, saying `copied`. The clipboard can be refused (an insecure origin, or the person
 * said no): then `shown`, where the page shows it, is selected for a manual copy, and the notice
 * says so, naming it as `what`.
 */
export async function copyOrSelect(text: string, shown: HTMLElement | null, copied: string, what: string) {
  try {
    await navigator.clipboard.writeText(text)
    say(copied)
  } catch {
    const range = document.createRange()
    if (shown) range.selectNodeContents(shown)
    const selection = getSelection()
    selection?.removeAllRanges()
    selection?.addRange(range)
    sayError(`The browser did not allow copying: ${what} is selected, press Ctrl+C (or ⌘C) to copy it.`)
  }
}
