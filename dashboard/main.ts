/** @module The publisher's dashboard, GET /dashboard (public/dashboard.html): wires the views and routes between them. */
// Talks only to the admin API of its own origin, with the key from sessionStorage in an
// Authorization header. Everything from the API reaches the page through textContent and DOM
// properties, never as markup: titles and URLs are the articles' own and may hold anything.
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import { closeDelete } from './actions'
import { closeCreate, openCreate } from './create'
import { closeDetail, openDetail } from './detail'
import { PAGE_TITLE } from './dom'
import { hideList, offerCreate, openList, resetList } from './list'
import { clearForNewView, onKeyRejected } from './notices'
import { signedIn, signOut, startSignIn } from './sign-in'

function closeDialogs() {
  closeCreate()
  closeDelete()
}

// Routing: #/ is the list, #/link/<code> one link. The hash holds no secret.

function currentCode(): string | null {
  const m = /^#\/link\/([A-Za-z0-9_-]{1,64})$/.exec(location.hash)
  return m ? m[1]! : null
}

function route(focus = false) {
  if (!signedIn()) return
  closeDialogs()
  const code = currentCode()
  if (code) {
    hideList()
    openDetail(code, focus)
  } else {
    document.title = PAGE_TITLE
    closeDetail()
    openList(focus)
  }
}

window.addEventListener('hashchange', () => {
  clearForNewView()
  route(true)
})

// What crosses between modules against the import order (which would otherwise be a cycle) is wired here.
onKeyRejected(() => signOut('The API key was not accepted (it may have been changed). Enter it again.'))
offerCreate(openCreate)
startSignIn({
  enter: () => route(true),
  leave: () => {
    closeDetail()
    closeDialogs()
    hideList()
  },
  forget: resetList,
})
