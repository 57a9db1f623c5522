/** @module The buttons' styles, adopted by each shadow root: no <style> element, so no style-src needed. */

const CSS =
  ':host{display:block;font:inherit}' +
  '.bar{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:0;padding:0;list-style:none}' +
  'a{display:inline-block;padding:.45em .8em;border-radius:.4em;border:1px solid #888;color:inherit;' +
  'background:transparent;text-decoration:none;font:inherit;font-size:.9em;line-height:1.2;cursor:pointer}' +
  'a:hover{background:rgba(127,127,127,.15)}a:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}' +
  'a[aria-busy=true]{opacity:.6}.count{font-size:.85em;opacity:.8}.status{font-size:.85em;min-height:1.2em}'

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
