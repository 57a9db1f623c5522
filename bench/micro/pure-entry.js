// The pure functions measured in Node (bundled by lib/build.mjs with esbuild, TS and all).

export { canonicalUrl } from '../../src/links/canonical'
export { isBot } from '../../src/preview/bots'
export { renderPreview } from '../../src/preview/render'
