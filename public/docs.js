/*!
 * sharelink's API reference: Swagger UI (public/docs/, copied from the pinned swagger-ui-dist package by
 * scripts/build-assets.mjs) drawing /openapi.json. A file of its own: the page's CSP runs no inline script.
 */
// Swagger UI's own dark theme, when the reader's system asks for one.
const dark = matchMedia('(prefers-color-scheme: dark)')
const theme = () => document.documentElement.classList.toggle('dark-mode', dark.matches)
theme()
dark.addEventListener('change', theme)

window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  // #/share/createShareLink opens that operation: a link to one route can be shared.
  deepLinking: true,
  // The names a generated client's methods have.
  displayOperationId: true,
  // Every schema is written inline in its operation: a separate "Schemas" list would be empty.
  defaultModelsExpandDepth: -1,
  // The recorded example, not a schema tree, is what a reader wants first.
  defaultModelRendering: 'example',
  // No validator badge: it would send the document to swagger.io. Nothing on this page leaves this origin.
  validatorUrl: null,
  // Try it out shows the request as curl, the command to copy.
  requestSnippetsEnabled: true,
  requestSnippets: { defaultExpanded: true, languages: ['curl_bash'] },
})
