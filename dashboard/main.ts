/**
 * @module The publisher's dashboard, GET /dashboard (public/dashboard.html): draws the app into the page.
 * It talks only to the admin API of its own origin: with the key from sessionStorage in an
 * Authorization header, or signed in by Cloudflare Access (its cookie). Views are functions of their data, drawn by Hono's client renderer
 * (hono/jsx/dom): everything from the API reaches the page as text and attributes, never as markup
 * (titles and URLs are the articles' own and may hold anything).
 */
import './styles.css'
import { start } from './app'
import { resumeSession } from './session'

const root = document.getElementById('app')
if (root) start(root)
void resumeSession()
