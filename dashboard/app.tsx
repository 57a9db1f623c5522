/** @module The page: the top bar (the views, who is signed in and with which role), the notices, and the view the address asks for (or the key prompt). */
import { render } from 'hono/jsx/dom'
import { AccessPage } from './access'
import { ArticlePage } from './article'
import { CreateDialog } from './create'
import { LinkPage } from './link'
import { LinksPage } from './links'
import { Notices } from './notices'
import { NowPage } from './now'
import { OverviewPage } from './overview'
import { can } from './roles'
import { type Route, route } from './router'
import { SectionsPage } from './sections'
import { session, signOut } from './session'
import { SignIn } from './sign-in'

function View(props: { route: Route }) {
  const r = props.route
  switch (r.view) {
    case 'now':
      return <NowPage />
    case 'overview':
      return <OverviewPage key={`overview:${r.section}:${r.author}`} section={r.section} author={r.author} />
    case 'sections':
      return <SectionsPage />
    case 'links':
      return <LinksPage />
    case 'link':
      return <LinkPage key={`link:${r.code}`} code={r.code} />
    case 'article':
      return <ArticlePage key={`article:${r.url}`} url={r.url} />
    case 'access':
      return <AccessPage />
    case 'unknown':
      return (
        <div class="empty">
          <strong>Nothing here</strong>
          This address is not a page of the dashboard. <a href="#/">Go to Now</a>.
        </div>
      )
  }
}

/** Which entry of the menu the view belongs to. */
function section(r: Route): string | null {
  switch (r.view) {
    case 'overview':
    case 'article':
      return 'overview'
    case 'link':
      return 'links'
    case 'unknown':
      return null
    default:
      return r.view
  }
}

export function App() {
  const s = session.use()
  const r = route.use()
  const current = section(r)
  const role = s.me?.role
  const entry = (view: string, href: string, label: string) => (
    <a href={href} aria-current={current === view ? 'page' : undefined}>
      {label}
    </a>
  )
  return (
    <>
      <header class="topbar">
        <div class="wrap topbar-inner">
          <p class="brand">
            <span class="brand-mark" aria-hidden="true" />
            sharelink <span class="brand-sub">Dashboard</span>
          </p>
          {s.api && s.me && (
            <>
              <nav class="nav" aria-label="Dashboard">
                {entry('now', '#/', 'Now')}
                {entry('overview', '#/overview', 'Overview')}
                {entry('sections', '#/sections', 'Sections')}
                {entry('links', '#/links', 'Links')}
                {can(role, 'keys') && entry('access', '#/access', 'Access')}
              </nav>
              <div class="who">
                <p id="who" class="who-text">
                  <span class="visually-hidden">Signed in as </span>
                  <span id="who-name">{s.me.actor.name}</span>
                  <span aria-hidden="true"> · </span>
                  <span class="visually-hidden">, role </span>
                  <span id="who-role" class={`role role-${s.me.role}`}>
                    {s.me.role}
                  </span>
                </p>
                <button type="button" id="sign-out" class="btn btn-quiet" onClick={() => signOut()}>
                  Sign out
                </button>
              </div>
            </>
          )}
        </div>
      </header>
      <main id="main" class="wrap">
        <Notices />
        {s.checking ? (
          <p class="message" aria-live="polite">
            Signing in…
          </p>
        ) : s.api ? (
          <>
            <View key={`view:${s.since}`} route={r} />
            {can(role, 'edit') && <CreateDialog />}
          </>
        ) : (
          <SignIn message={s.message} />
        )}
      </main>
    </>
  )
}

/** Draws the dashboard into `root`; from then on, each view draws again as its data changes. */
export function start(root: HTMLElement) {
  render(<App />, root)
}
