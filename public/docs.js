/*!
 * sharelink's API reference: Swagger UI (public/docs/, copied from the pinned swagger-ui-dist package by
 * scripts/build-assets.mjs) drawing /openapi.json. A file of its own: the page's CSP runs no inline script.
 * Its markup is mended here where axe-core finds it fails a screen reader or a keyboard (checked by
 * test/node/docs-a11y.test.ts); its colours are mended in /docs.css.
 */
// Swagger UI's own dark theme, when the reader's system asks for one.
const dark = matchMedia('(prefers-color-scheme: dark)')
const theme = () => document.documentElement.classList.toggle('dark-mode', dark.matches)
theme()
dark.addEventListener('change', theme)

/**
 * Swagger UI draws an operation's path as a deep link inside the button that opens the operation: a
 * control inside a control, which keyboards and screen readers can't reach as either (axe:
 * nested-interactive). Here the path is plain text. Opening the operation still puts its link in the address bar (deepLinking), and the copy
 * button beside it copies the link. A tag's heading keeps its link: a heading is no control. An
 * operation's deep link is "tag/operationId", a tag's is the tag alone (our tags have no slash).
 */
function PlainOperationPaths({ React }) {
  return {
    wrapComponents: {
      DeepLink: (Original) => (props) =>
        props.path.includes('/') ? React.createElement('span', null, props.text) : React.createElement(Original, props),
    },
  }
}

/** The operationId of the operation an element is in, for names that must tell operations apart. */
const operationOf = (el) => el.closest('.opblock')?.querySelector('.opblock-summary-operation-id')?.textContent ?? ''

/**
 * What Swagger UI's markup leaves out or gets wrong for a screen reader or a keyboard, as attributes by
 * selector (a value may be worked out from the element). React keeps attributes it does not manage, but
 * redraws parts of the page at any time: they are set again whenever nodes are added.
 */
const ATTRIBUTES = {
  // The servers list: a <label> around the <select> with no text of its own.
  'select#servers': { 'aria-label': 'Server' },
  // Try it out's parameters: bare inputs and selects in a table row that names the parameter.
  'tr[data-param-name] :is(input, select, textarea)': { 'aria-label': (el) => el.closest('tr').dataset.paramName },
  // Its request body: a bare textarea.
  'textarea.body-param__text': { 'aria-label': 'Request body' },
  // Each operation's responses are a live region; unnamed, twenty of them can't be told apart.
  'table.responses-table[role="region"]': { 'aria-label': (el) => `${operationOf(el)} responses` },
  // The Schema tab's toggle for a schema with no title (a body's, a response's): an icon alone.
  '.json-schema-2020-12-accordion:has(> .json-schema-2020-12-accordion__children:empty)': { 'aria-label': 'Schema' },
  // Examples, response bodies and curl commands scroll past 400 px: a keyboard must be able to scroll them.
  '.highlight-code > pre.microlight, pre.curl': { tabindex: '0' },
  // The Authorize dialog: a plain <div>, so it is announced as nothing, and the page behind it is read on.
  '.dialog-ux .modal-ux': { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Available authorizations' },
  // Its close button: an icon alone.
  '.dialog-ux .close-modal': { 'aria-label': 'Close' },
  // Its key field is named by its id ("auth-bearer-value").
  '#auth-bearer-value': { 'aria-label': 'API key' },
  // Its buttons read "Authorize" and "Logout" but are named "Apply credentials" and "Remove authorization":
  // someone using voice control says what they see (axe: label-content-name-mismatch).
  '.dialog-ux .auth-btn-wrapper button[type="submit"]': { 'aria-label': 'Authorize' },
  '.dialog-ux .auth-btn-wrapper button[aria-label="Remove authorization"]': { 'aria-label': 'Logout' },
  // The title block and the servers-and-Authorize bar sit outside Swagger UI's <main>: named regions,
  // a screen reader's list of landmarks reaches them.
  '.swagger-ui .information-container': { role: 'region', 'aria-label': 'About this API' },
  '.swagger-ui .scheme-container': { role: 'region', 'aria-label': 'Server and authorization' },
  // Headings: the title is an <h1>, the tags <h3>, an operation's sections <h4> and <h5>. Screen reader
  // users move between headings by level: each level follows the one above it.
  '.swagger-ui h3.opblock-tag, .dialog-ux .modal-ux-header h3': { 'aria-level': '2' },
  '.swagger-ui .opblock-body h4, .dialog-ux .auth-container h4': { 'aria-level': '3' },
  '.swagger-ui .opblock-body h5, .dialog-ux .auth-container h6': { 'aria-level': '4' },
}
function mendMarkup() {
  for (const [selector, attributes] of Object.entries(ATTRIBUTES)) {
    for (const el of document.querySelectorAll(selector)) {
      for (const [name, value] of Object.entries(attributes)) {
        const wanted = typeof value === 'function' ? value(el) : value
        if (el.getAttribute(name) !== wanted) el.setAttribute(name, wanted)
      }
    }
  }
}
new MutationObserver(mendMarkup).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true })

window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  plugins: [PlainOperationPaths],
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
  // The default theme (agate) writes numbers and comments in code at 3.5:1 on its dark grey; this one's
  // tokens in JSON and shell all reach WCAG AA's 4.5:1, on its own background and on the dark theme's.
  syntaxHighlight: { theme: 'tomorrow-night' },
  // Try it out shows the request as curl, the command to copy.
  requestSnippetsEnabled: true,
  requestSnippets: { defaultExpanded: true, languages: ['curl_bash'] },
})
