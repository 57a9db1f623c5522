/** @module Decoding HTML character references in text HTMLRewriter hands over still encoded. */

// The named references that occur in article metadata in practice; anything else is left as
// written (visible, never executable, since every output escapes it again).
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚',
  ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›',
  bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', deg: '°', euro: '€',
  pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷',
  frac12: '½', frac14: '¼', frac34: '¾', prime: '′', Prime: '″', dagger: '†',
  iexcl: '¡', iquest: '¿', shy: '\u00ad', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwj: '\u200d', zwnj: '\u200c',
  aacute: 'á', Aacute: 'Á', agrave: 'à', Agrave: 'À', acirc: 'â', Acirc: 'Â', atilde: 'ã',
  Atilde: 'Ã', auml: 'ä', Auml: 'Ä', aring: 'å', Aring: 'Å', aelig: 'æ', AElig: 'Æ',
  ccedil: 'ç', Ccedil: 'Ç', eacute: 'é', Eacute: 'É', egrave: 'è', Egrave: 'È',
  ecirc: 'ê', Ecirc: 'Ê', euml: 'ë', Euml: 'Ë', iacute: 'í', Iacute: 'Í', igrave: 'ì',
  Igrave: 'Ì', icirc: 'î', Icirc: 'Î', iuml: 'ï', Iuml: 'Ï', ntilde: 'ñ', Ntilde: 'Ñ',
  oacute: 'ó', Oacute: 'Ó', ograve: 'ò', Ograve: 'Ò', ocirc: 'ô', Ocirc: 'Ô', otilde: 'õ',
  Otilde: 'Õ', ouml: 'ö', Ouml: 'Ö', oslash: 'ø', Oslash: 'Ø', szlig: 'ß', uacute: 'ú',
  Uacute: 'Ú', ugrave: 'ù', Ugrave: 'Ù', ucirc: 'û', Ucirc: 'Û', uuml: 'ü', Uuml: 'Ü',
  yacute: 'ý', Yacute: 'Ý', yuml: 'ÿ', scaron: 'š', Scaron: 'Š', zcaron: 'ž', Zcaron: 'Ž',
  oelig: 'œ', OElig: 'Œ',
}

// Named references need their ';': without it `&copy=1` in an image URL would turn into '©=1'.
const REF = /&(?:#(\d{1,7});?|#[xX]([0-9a-fA-F]{1,6});?|([A-Za-z][A-Za-z0-9]{1,31});)/g

/** Decodes character references once: `&amp;lt;` becomes `&lt;`, not `<`. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(REF, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? whole
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16)
    // NUL, surrogates and out-of-range code points become U+FFFD, as the HTML spec says.
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd'
    return String.fromCodePoint(cp)
  })
}

/** Decoded, with runs of whitespace folded to one space and the ends trimmed. */
export function cleanText(raw: string): string {
  return decodeEntities(raw).replace(/\s+/g, ' ').trim().toWellFormed()
}
