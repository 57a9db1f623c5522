/*! sharelink share buttons. Markup that works with or without this script:
 *  <sharelink-buttons channels="x,facebook,email,copy" show-count>
 *    <a href="https://SHARE_HOST/share/x?url=ARTICLE">Share on X</a> …
 *  </sharelink-buttons>
 *  <script src="https://SHARE_HOST/embed.js" defer></script>
 * No cookies, nothing from third parties; styles are adopted stylesheets, so a strict CSP with a
 * script nonce needs only connect-src for SHARE_HOST. */
import { SharelinkButtons } from './element'

if (!customElements.get('sharelink-buttons')) customElements.define('sharelink-buttons', SharelinkButtons)
