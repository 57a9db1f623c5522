/** @module The page: the top bar, the notices, and the view the address asks for (or the key prompt). */
import { render } from 'hono/jsx/dom'
import { ArticlePage } from './article'
import { CreateDialog } from './create'
import { LinkPage } from './link'
import { LinksPage } from './links'
import { Notices } from './notices'
import { Overview } from './overview'
import { type Route, route } from './router'
import { session, signOut } from './session'
import { SignIn } from './sign-in'

function View(props: { route: Route }) {
  const r = props.route
  switch (r.view) {
    case 'overview':
      return <Overview />
    case 'links':
      return <LinksPage />
    case 'link':
      return <LinkPage key={`link:${r.code}`} code={r.code} />
    case 'article':
      return <ArticlePage key={`article:${r.url}`} url={r.url} />
    case 'unknown':
      return (
        <div class="empty">
          <strong>Nothing here</strong>
          This address is not a page of the dashboard. <a href="#/">Go to the overview</a>.
        </div>
      )
  }
}

export function App() {
  const s = session.use()
  const r = route.use()
  const current = r.view === 'overview' || r.view === 'article' ? 'overview' : r.view === 'unknown' ? null : 'links'
  return (
    <>
      <header class="topbar">
        <div class="wrap topbar-inner">
          <p class="brand">
            <span class="brand-mark" aria-hidden="true" />
            sharelink <span class="brand-sub">Dashboard</span>
          </p>
          {s.api && (
            <nav class="nav" aria-label="Dashboard">
              <a href="#/" aria-current={current === 'overview' ? 'page' : undefined}>
                Overview
              </a>
              <a href="#/links" aria-current={current === 'links' ? 'page' : undefined}>
                Links
              </a>
              <button type="button" id="sign-out" class="btn btn-quiet" onClick={() => signOut()}>
                Sign out
              </button>
            </nav>
          )}
        </div>
      </header>
      <main id="main" class="wrap">
        <Notices />
        {s.api ? (
          <>
            <View key={`view:${s.since}`} route={r} />
            <CreateDialog />
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
