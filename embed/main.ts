/*! sharelink share buttons. Markup that works with or without this script:
 *  <sharelink-buttons channels="x,facebook,email,copy" show-count>
 *    <a href="https://SHARE_HOST/share/x?url=ARTICLE">Share on X</a> …
 *  </sharelink-buttons>
 *  <script src="https://SHARE_HOST/embed.js" nonce="NONCE" defer></script>
 * No cookies, nothing from third parties; styles are adopted stylesheets and icons are SVG built node
 * by node, so a strict CSP needs only the script's nonce and connect-src for SHARE_HOST.
 * Icons: simple-icons 16.37.0 (CC0-1.0); LinkedIn's from bootstrap-icons 1.13.2, MIT,
 * (c) 2019-2024 The Bootstrap Authors. The brands' marks are their owners' trademarks. */
import { SharelinkButtons } from './element'

if (!customElements.get('sharelink-buttons')) customElements.define('sharelink-buttons', SharelinkButtons)
