/**
 * The OpenAPI document of the app's routes, built in Node at build time (scripts/build-assets.mjs)
 * rather than in the Worker: zod's JSON Schema conversion then costs the Worker no bytes.
 */
import { app } from '../../src/index'
import { ASSET_ROUTES } from '../../src/routes/assets'
import { buildDocument } from '../../src/routes/document'
// Recorded from real traffic by test/node/api-examples.test.ts.
import examples from './examples.json'

export const document = buildDocument(app as never, ASSET_ROUTES, examples)
