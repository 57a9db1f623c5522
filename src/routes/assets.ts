/** @module Routes served from public/ by the assets binding before the Worker runs: documented, not handled. */
import type { AssetRoute } from './operation'

/** Served from public/ by the assets binding, before the Worker runs; listed so the document is whole. */
export const ASSET_ROUTES: AssetRoute[] = [
  {
    path: '/openapi.json',
    id: 'getOpenApiDocument',
    tag: 'service',
    summary: 'This document (OpenAPI 3.1), built from the routes when the Worker is built',
    responses: { 200: { description: 'The OpenAPI document', type: 'application/json' } },
  },
  {
    path: '/docs',
    id: 'getDocsPage',
    tag: 'service',
    summary: 'This document, as a page',
    responses: { 200: { description: 'HTML', html: true } },
  },
  {
    path: '/embed.js',
    id: 'getEmbedScript',
    tag: 'share',
    summary: 'The share-button script for article pages (a <sharelink-buttons> element)',
    responses: { 200: { description: 'JavaScript, under 8 KB gzipped', type: 'text/javascript' } },
  },
  {
    path: '/dashboard',
    id: 'getDashboard',
    tag: 'service',
    summary: "The publisher's dashboard (signs in with a key, or through Cloudflare Access)",
    responses: { 200: { description: 'HTML', html: true } },
  },
]
