/*! sharelink share buttons. Markup that works with or without this script:
 *  <sharelink-buttons channels="x,facebook,email,copy" show-count>
 *    <a href="https://SHARE_HOST/share/x?url=ARTICLE">Share on X</a> …
 *  </sharelink-buttons>
 *  <script src="https://SHARE_HOST/embed.js" defer></script>
 * No cookies, nothing from third parties; styles are adopted stylesheets, so a strict CSP with a
 * script nonce needs only connect-src for SHARE_HOST. */
(function () {
  'use strict'
  var script = document.currentScript
  var service = script ? new URL(script.src).origin : location.origin
  var LABELS = {
    x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', whatsapp: 'WhatsApp', telegram: 'Telegram',
    reddit: 'Reddit', bluesky: 'Bluesky', mastodon: 'Mastodon', email: 'Email', copy: 'Copy link',
  }
  var DEFAULT = 'x,facebook,linkedin,whatsapp,telegram,reddit,bluesky,email,copy'
  var CSS =
    ':host{display:block;font:inherit}' +
    '.bar{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:0;padding:0;list-style:none}' +
    'a{display:inline-block;padding:.45em .8em;border-radius:.4em;border:1px solid #888;color:inherit;' +
    'background:transparent;text-decoration:none;font:inherit;font-size:.9em;line-height:1.2;cursor:pointer}' +
    'a:hover{background:rgba(127,127,127,.15)}a:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}' +
    'a[aria-busy=true]{opacity:.6}.count{font-size:.85em;opacity:.8}.status{font-size:.85em;min-height:1.2em}'

  function canonical() {
    var link = document.querySelector('link[rel~="canonical"][href]')
    return link ? link.href : location.href.split('#')[0]
  }

  function shareHref(channel, url) {
    return service + '/share/' + channel + '?url=' + encodeURIComponent(url)
  }

  function post(url, channel) {
    return fetch(service + '/api/share', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: url, channel: channel }),
      credentials: 'omit',
    }).then(function (res) {
      if (!res.ok) throw new Error('share failed: ' + res.status)
      return res.json()
    })
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
    return new Promise(function (resolve, reject) {
      var ta = document.createElement('textarea')
      ta.value = text
      ta.setAttribute('readonly', '')
      ta.style.position = 'fixed'
      ta.style.opacity = '0'
      document.body.appendChild(ta)
      ta.select()
      var ok = document.execCommand && document.execCommand('copy')
      ta.remove()
      ok ? resolve() : reject(new Error('copy failed'))
    })
  }

  function sheet() {
    try {
      var s = new CSSStyleSheet()
      s.replaceSync(CSS)
      return [s]
    } catch (e) {
      return []
    }
  }

  class SharelinkButtons extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return
      var self = this
      var url = this.getAttribute('url') || canonical()
      var channels = (this.getAttribute('channels') || DEFAULT).split(',').map(function (c) {
        return c.trim().toLowerCase()
      }).filter(function (c) {
        return LABELS[c]
      })
      var root = this.attachShadow({ mode: 'open' })
      root.adoptedStyleSheets = sheet()
      var nav = document.createElement('div')
      nav.className = 'bar'
      nav.setAttribute('role', 'group')
      nav.setAttribute('aria-label', this.getAttribute('label') || 'Share this article')
      channels.forEach(function (channel) {
        var a = document.createElement('a')
        a.href = shareHref(channel, url)
        a.rel = 'noopener nofollow'
        a.target = channel === 'email' || channel === 'copy' ? '_self' : '_blank'
        a.dataset.channel = channel
        a.textContent = channel === 'copy' ? LABELS.copy : LABELS[channel]
        if (channel !== 'copy') a.setAttribute('aria-label', 'Share on ' + LABELS[channel])
        a.addEventListener('click', function (ev) {
          ev.preventDefault()
          self.share(a, channel, url)
        })
        nav.appendChild(a)
      })
      var status = document.createElement('p')
      status.className = 'status'
      status.setAttribute('role', 'status')
      status.setAttribute('aria-live', 'polite')
      this.status = status
      root.append(nav, status)
      if (this.hasAttribute('show-count')) this.count(nav, url)
    }

    share(a, channel, url) {
      var self = this
      // Open the window now, while the click still counts as one, and point it once the link exists.
      var win = channel === 'copy' || channel === 'email' ? null : window.open('', '_blank')
      if (win) win.opener = null
      a.setAttribute('aria-busy', 'true')
      post(url, channel)
        .then(function (link) {
          if (channel === 'copy') {
            return copyText(link.shortUrl).then(function () {
              self.say('Link copied: ' + link.shortUrl)
            })
          }
          if (win) win.location.href = link.shareUrl
          else location.href = link.shareUrl
        })
        .catch(function () {
          // The service can't be reached from script: the plain link still shares.
          if (win) win.location.href = a.href
          else if (channel === 'copy') self.say('Could not copy the link')
          else location.href = a.href
        })
        .then(function () {
          a.removeAttribute('aria-busy')
        })
    }

    say(text) {
      this.status.textContent = text
      this.dispatchEvent(new CustomEvent('sharelink:status', { detail: text, bubbles: true }))
    }

    count(nav, url) {
      fetch(service + '/api/counts?url=' + encodeURIComponent(url), { credentials: 'omit' })
        .then(function (res) {
          return res.ok ? res.json() : null
        })
        .then(function (data) {
          if (!data || !data.clicks) return
          var span = document.createElement('span')
          span.className = 'count'
          span.textContent = data.clicks.toLocaleString() + (data.clicks === 1 ? ' read via shares' : ' reads via shares')
          nav.appendChild(span)
        })
        .catch(function () {})
    }
  }

  if (!customElements.get('sharelink-buttons')) customElements.define('sharelink-buttons', SharelinkButtons)
})()
