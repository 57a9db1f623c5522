// The pure functions measured in Node (bundled by lib/build.mjs with esbuild, TS and all).
export { isBot } from '../../src/preview/bots'
export { renderPreview } from '../../src/preview/render'
export { canonicalUrl } from '../../src/links/canonical'
