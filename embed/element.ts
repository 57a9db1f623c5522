/** @module <sharelink-buttons>: one button per channel, sharing through the service's API, or without it. */
import { CHANNEL_NAMES, CHANNELS, type Channel, shareIntent } from '../src/links/channels'
import { counts, fetchShareLink, ShareFailure, type ShareLink, shareHref } from './api'
import { copyText } from './clipboard'
import { icon, type Key } from './icons'
import { sheet } from './styles'

/** Each button's visible name (`text-<key>` overrides it). */
const NAMES: Record<Key, string> = { share: 'Share', ...CHANNEL_NAMES }

/** Texts other than the buttons' names, each overridable by its attribute (for other languages). */
const TEXTS = {
  label: 'Share this article',
  'text-copied': 'Link copied',
  'text-copy-failed': 'Could not copy the link',
  'text-count': 'Reads via shares: {n}',
}

/**
 * Without a `channels` attribute: the device's share sheet (where there is one), then all but Mastodon,
 * whose chooser asks readers for their instance.
 */
const DEFAULT = 'share,x,facebook,linkedin,whatsapp,telegram,reddit,bluesky,email,copy'

const isKey = (c: string): c is Key => (c === 'share' ? 'share' in navigator : (CHANNELS as readonly string[]).includes(c))

/** Reasons already logged: one warning each per page, however many presses. */
const warned = new Set<string>()

/** The page's canonical URL, else its own without the fragment. */
function canonical(): string {
  return document.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]')?.href ?? location.href.replace(/#.*/, '')
}

/** The article's title, for the platforms' composers when the service cannot give its card. */
function title(): string {
  return document.querySelector<HTMLMetaElement>('meta[property="og:title"]')?.content || document.title
}

export class SharelinkButtons extends HTMLElement {
  /** The live region that says what happened (copied, or not). */
  declare private status: HTMLElement
  /** Each channel's link, asked for once: a press on a button whose link is on its way waits for it. */
  private links = new Map<Channel, Promise<ShareLink>>()
  /** Set when the service refused for good (host or origin not allowed): no more asking. */
  private refused?: ShareFailure

  private text(name: keyof typeof TEXTS): string {
    return this.getAttribute(name) || TEXTS[name]
  }

  connectedCallback(): void {
    if (this.shadowRoot) return
    const url = this.getAttribute('url') || canonical()
    const keys = (this.getAttribute('channels') || DEFAULT)
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(isKey)
    const root = this.attachShadow({ mode: 'open' })
    root.adoptedStyleSheets = sheet()
    const bar = document.createElement('div')
    bar.className = 'bar'
    bar.setAttribute('role', 'group')
    bar.setAttribute('aria-label', this.text('label'))
    for (const key of keys) {
      const name = this.getAttribute(`text-${key}`) || NAMES[key]
      // Share and copy act on the page; the others go somewhere, and stay links (open in a new tab, etc.).
      const action = key === 'share' || key === 'copy'
      const el = document.createElement(action ? 'button' : 'a')
      if (el instanceof HTMLAnchorElement) {
        el.href = shareHref(key as Channel, url)
        el.rel = 'noopener nofollow'
        el.target = key === 'email' ? '_self' : '_blank'
      } else el.type = 'button'
      el.dataset.channel = key
      el.setAttribute('part', 'button')
      el.setAttribute(
        'aria-label',
        this.getAttribute(`label-${key}`) || (action ? name : key === 'email' ? 'Share by email' : `Share on ${name}`),
      )
      const t = document.createElement('span')
      t.className = 't'
      t.textContent = name
      el.append(icon(key), t)
      // Ask early for the links that the share sheet and the clipboard take: some browsers allow
      // those only briefly after the press.
      if (action) el.addEventListener('pointerdown', () => this.link(key, url).catch(() => {}))
      el.addEventListener('click', (ev) => {
        ev.preventDefault()
        this.share(el, key, url)
      })
      bar.appendChild(el)
    }
    const status = document.createElement('p')
    status.className = 'status'
    status.setAttribute('role', 'status')
    status.setAttribute('aria-live', 'polite')
    this.status = status
    root.append(bar, status)
    const show = this.getAttribute('show-count')
    if (show !== null) this.count(bar, url, show || 'total')
  }

  /** The short link for a channel (the share sheet's is counted as `copy`: the link leaves by hand). */
  private link(key: Key, url: string): Promise<ShareLink> {
    const channel = key === 'share' ? 'copy' : key
    if (this.refused) return Promise.reject(this.refused)
    let p = this.links.get(channel)
    if (!p) {
      p = fetchShareLink(url, channel)
      this.links.set(channel, p)
      p.catch((err) => {
        this.links.delete(channel)
        if (err instanceof ShareFailure && err.lasting) this.refused = err
      })
    }
    return p
  }

  private async share(el: HTMLElement, key: Key, url: string): Promise<void> {
    // Open the window now, while the click still counts as one, and point it once the link exists.
    const win = el instanceof HTMLAnchorElement && el.target === '_blank' ? window.open('', '_blank') : null
    if (win) win.opener = null
    el.setAttribute('aria-busy', 'true')
    let link: ShareLink
    try {
      link = await this.link(key, url)
    } catch (err) {
      // Refused, or no answer: share the article's own URL through the platform's intent instead.
      const reason = `sharelink: ${(err as Error).message}; sharing the article URL instead`
      if (!warned.has(reason)) console.warn(reason)
      warned.add(reason)
      link = { shortUrl: url, shareUrl: shareIntent(key === 'share' ? 'copy' : key, url, title()) }
    }
    if (key === 'share') {
      // The reader may close the sheet: that is no error.
      await navigator.share({ url: link.shortUrl, title: title() }).catch(() => {})
    } else if (key === 'copy') {
      try {
        await copyText(link.shortUrl)
        this.say(`${this.text('text-copied')}: ${link.shortUrl}`)
      } catch {
        this.say(this.text('text-copy-failed'))
      }
    } else if (win) win.location.href = link.shareUrl
    else location.href = link.shareUrl
    el.removeAttribute('aria-busy')
  }

  private say(text: string): void {
    this.status.textContent = text
    this.dispatchEvent(new CustomEvent('sharelink:status', { detail: text, bubbles: true }))
  }

  /** show-count: the total under the buttons ("total", the default), each channel's on its button ("channels"), or "both". */
  private async count(bar: HTMLElement, url: string, show: string): Promise<void> {
    const c = await counts(url).catch(() => null)
    if (!c) return
    const format = new Intl.NumberFormat(undefined, { notation: 'compact' }).format
    if (show !== 'channels' && c.clicks) {
      const span = document.createElement('span')
      span.className = 'count'
      span.setAttribute('part', 'count')
      span.textContent = this.text('text-count').replace('{n}', c.clicks.toLocaleString())
      bar.appendChild(span)
    }
    if (show === 'total') return
    for (const el of bar.querySelectorAll<HTMLElement>('[data-channel]')) {
      const n = c.byChannel[el.dataset.channel as Channel]
      if (!n) continue
      const badge = document.createElement('span')
      badge.className = 'n'
      badge.textContent = format(n)
      el.append(badge)
      el.setAttribute('aria-label', `${el.getAttribute('aria-label')} (${badge.textContent})`)
    }
  }
}
