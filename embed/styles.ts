/**
 * @module The buttons' styles, adopted by each shadow root: no <style> element, so no style-src needed.
 *
 * Attributes on <sharelink-buttons> pick the look: appearance="brand" (default: each platform's colour)
 * or "neutral" (one quiet style); theme="light" or "dark" (default: the reader's system setting);
 * size="small", "medium" (default) or "large"; icons-only. Text on a brand colour is white or
 * near-black, whichever reaches WCAG AA contrast (4.5:1) on it: white fails on WhatsApp's, Telegram's,
 * Reddit's and Bluesky's colours. Mastodon's button takes the darker end of its logo's gradient,
 * where white passes.
 */

const DARK = '--fg:#e6edf3;--bg:#262c33;--bd:#454c55;--xb:#fff;--xf:#000'

const CSS =
  ':host{display:block;--h:40px;--i:20px;--fs:15px;--fg:#1f2328;--bg:#eef1f4;--bd:#c9d1d9;--xb:#000;--xf:#fff}' +
  ':host([size=small]){--h:32px;--i:16px;--fs:13px}:host([size=large]){--h:48px;--i:24px;--fs:17px}' +
  `@media(prefers-color-scheme:dark){:host(:not([theme=light])){${DARK}}}:host([theme=dark]){${DARK}}` +
  '.bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center}' +
  'a,button{display:inline-flex;align-items:center;gap:.45em;box-sizing:border-box;height:var(--h);margin:0;' +
  'padding:0 .9em;border:1px solid var(--b,var(--bd));border-radius:calc(var(--h)/4);' +
  'background:var(--b,var(--bg));color:var(--f,var(--fg));font:600 var(--fs)/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;' +
  'text-decoration:none;white-space:nowrap;cursor:pointer}' +
  'a:hover,button:hover{box-shadow:inset 0 0 0 99px #8883}' +
  'a:focus-visible,button:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}' +
  '[aria-busy=true]{opacity:.6}' +
  'svg{width:var(--i);height:var(--i);flex:none;fill:currentColor}' +
  '.n{font-weight:400;padding-left:.45em;border-left:1px solid;opacity:.9}' +
  ':host([icons-only]) .t{display:none}:host([icons-only]) a,:host([icons-only]) button{padding:0 calc((var(--h) - var(--i))/2 - 1px)}' +
  // Brand colours, from each brand's own guidelines via simple-icons' data (LinkedIn's from its own).
  '[data-channel=x]{--b:var(--xb);--f:var(--xf)}' +
  '[data-channel=facebook]{--b:#0866ff;--f:#fff}[data-channel=linkedin]{--b:#0a66c2;--f:#fff}' +
  '[data-channel=whatsapp]{--b:#25d366;--f:#111}[data-channel=telegram]{--b:#26a5e4;--f:#111}' +
  '[data-channel=reddit]{--b:#ff4500;--f:#111}[data-channel=bluesky]{--b:#1185fe;--f:#111}' +
  '[data-channel=mastodon]{--b:#563acc;--f:#fff}' +
  // Neutral: every button in the theme's colours; the icons keep their shapes.
  ':host([appearance=neutral]) *{--b:var(--bg);--f:var(--fg)}:host([appearance=neutral]) :is(a,button){border-color:var(--bd)}' +
  '.count{font:13px system-ui,sans-serif;opacity:.8}.status{margin:.3em 0 0;font:13px system-ui,sans-serif}'

/** The stylesheet, or none where constructable stylesheets are missing (the buttons still work, unstyled). */
export function sheet(): CSSStyleSheet[] {
  try {
    const s = new CSSStyleSheet()
    s.replaceSync(CSS)
    return [s]
  } catch {
    return []
  }
}
