/**
 * The OpenAPI document of the app's routes, built in Node at build time (scripts/build-assets.mjs)
 * rather than in the Worker: zod's JSON Schema conversion then costs the Worker no bytes.
 */
import { app } from '../../src/index'
import { buildDocument } from '../../src/routes/openapi'
import { STATIC_ROUTES } from '../../src/routes/static'
// Recorded from real traffic by test/node/api-examples.test.ts.
import examples from './examples.json'

export const document = buildDocument(app as never, STATIC_ROUTES, examples)
