/** @module <sharelink-buttons>: one link per channel, upgraded to share through the service's API. */
import type { Channel } from '../src/links/channels'
import { clicks, fetchShareLink, shareHref } from './api'
import { copyText } from './clipboard'
import { sheet } from './styles'

/** Every channel the service knows (the type makes it so), by the name a reader sees. */
const LABELS: Record<Channel, string> = {
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  reddit: 'Reddit',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  email: 'Email',
  copy: 'Copy link',
}

/** Without a `channels` attribute: all but Mastodon, whose chooser asks readers for their instance. */
const DEFAULT = 'x,facebook,linkedin,whatsapp,telegram,reddit,bluesky,email,copy'

const isChannel = (c: string): c is Channel => Object.hasOwn(LABELS, c)

/** The page's canonical URL, else its own without the fragment. */
function canonical(): string {
  return document.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]')?.href ?? location.href.replace(/#.*/, '')
}

export class SharelinkButtons extends HTMLElement {
  /** The live region that says what happened (copied, or not). */
  declare private status: HTMLElement

  connectedCallback(): void {
    if (this.shadowRoot) return
    const url = this.getAttribute('url') || canonical()
    const channels = (this.getAttribute('channels') || DEFAULT)
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(isChannel)
    const root = this.attachShadow({ mode: 'open' })
    root.adoptedStyleSheets = sheet()
    const nav = document.createElement('div')
    nav.className = 'bar'
    nav.setAttribute('role', 'group')
    nav.setAttribute('aria-label', this.getAttribute('label') || 'Share this article')
    for (const channel of channels) {
      const a = document.createElement('a')
      a.href = shareHref(channel, url)
      a.rel = 'noopener nofollow'
      a.target = channel === 'email' || channel === 'copy' ? '_self' : '_blank'
      a.dataset.channel = channel
      a.textContent = LABELS[channel]
      if (channel !== 'copy') a.setAttribute('aria-label', `Share on ${LABELS[channel]}`)
      a.addEventListener('click', (ev) => {
        ev.preventDefault()
        this.share(a, channel, url)
      })
      nav.appendChild(a)
    }
    const status = document.createElement('p')
    status.className = 'status'
    status.setAttribute('role', 'status')
    status.setAttribute('aria-live', 'polite')
    this.status = status
    root.append(nav, status)
    if (this.hasAttribute('show-count')) this.count(nav, url)
  }

  private async share(a: HTMLAnchorElement, channel: Channel, url: string): Promise<void> {
    // Open the window now, while the click still counts as one, and point it once the link exists.
    const win = channel === 'copy' || channel === 'email' ? null : window.open('', '_blank')
    if (win) win.opener = null
    a.setAttribute('aria-busy', 'true')
    try {
      const link = await fetchShareLink(url, channel)
      if (channel === 'copy') {
        await copyText(link.shortUrl)
        this.say(`Link copied: ${link.shortUrl}`)
      } else if (win) win.location.href = link.shareUrl
      else location.href = link.shareUrl
    } catch {
      // The service can't be reached from script: the plain link still shares.
      if (win) win.location.href = a.href
      else if (channel === 'copy') this.say('Could not copy the link')
      else location.href = a.href
    }
    a.removeAttribute('aria-busy')
  }

  private say(text: string): void {
    this.status.textContent = text
    this.dispatchEvent(new CustomEvent('sharelink:status', { detail: text, bubbles: true }))
  }

  private async count(nav: HTMLElement, url: string): Promise<void> {
    const n = await clicks(url).catch(() => null)
    if (!n) return
    const span = document.createElement('span')
    span.className = 'count'
    span.textContent = n.toLocaleString() + (n === 1 ? ' read via shares' : ' reads via shares')
    nav.appendChild(span)
  }
}
