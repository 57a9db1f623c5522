/**
 * @module A link's card as X, Facebook and LinkedIn would draw it (image, title, description,
 * site), with what will go wrong (card-rules.ts). A sketch of their layouts, not their own
 * rendering. The image is the article's own, loaded from its host (the page's CSP allows https
 * images for this, see public/_headers), with no referrer; its size is read once it has loaded.
 */
import type { Child } from 'hono/jsx'
import { useEffect, useRef, useState } from 'hono/jsx/dom'
import type { Link } from './api'
import { type CardWarning, cardWarnings, cut, type ImageState, length, X_DESCRIPTION_MAX, X_TITLE_MAX } from './card-rules'
import { hostOf } from './format'

const PLATFORMS = [
  { key: 'x', name: 'X' },
  { key: 'facebook', name: 'Facebook' },
  { key: 'linkedin', name: 'LinkedIn' },
] as const
type Platform = (typeof PLATFORMS)[number]['key']

type Card = Pick<Link, 'title' | 'description' | 'image' | 'siteName' | 'shortUrl' | 'unfurledAt'>

const over = (el: HTMLElement | null) => !!el && el.scrollHeight > el.clientHeight + 1

export function CardPreview(props: { link: Card }) {
  const { link } = props
  const [platform, setPlatform] = useState<Platform>('x')
  // Kept with the address it describes: a cached image can load before any effect would reset it.
  const [seen, setSeen] = useState<{ src: string; state: ImageState } | null>(null)
  const image: ImageState = !link.image ? { status: 'none' } : seen?.src === link.image ? seen.state : { status: 'loading' }
  const setImage = (state: ImageState) => link.image && setSeen({ src: link.image, state })
  const [clipped, setClipped] = useState({ title: false, description: false })
  const mock = useRef<HTMLDivElement>(null)
  const title = useRef<HTMLParagraphElement>(null)
  const description = useRef<HTMLParagraphElement>(null)

  // Facebook and LinkedIn state no text limits, but draw a few lines: measure what runs past them here.
  useEffect(() => {
    const check = () => {
      const next = { title: over(title.current), description: over(description.current) }
      setClipped((prev) => (prev.title === next.title && prev.description === next.description ? prev : next))
    }
    check()
    const observer = new ResizeObserver(check)
    if (mock.current) observer.observe(mock.current)
    return () => observer.disconnect()
  }, [platform, link.title, link.description, image.status])

  const name = PLATFORMS.find((p) => p.key === platform)!.name
  const warnings: CardWarning[] = cardWarnings(link, image)
  if (platform !== 'x') {
    const lines = platform === 'facebook' ? 'two lines of title and one of description' : 'two lines of title'
    if (clipped.title)
      warnings.push({ key: 'title-cut', text: `Drawn as ${name} draws it (${lines}), the title runs past its lines and is cut.` })
    if (clipped.description)
      warnings.push({ key: 'description-cut', text: `Drawn as ${name} draws it (${lines}), the description is cut.` })
  }

  const loaded = (event: Event) => {
    const img = event.currentTarget as HTMLImageElement
    setImage({ status: 'ok', width: img.naturalWidth, height: img.naturalHeight })
  }
  // The platforms link the card to the short link, so they name its host, not the article's.
  const host = hostOf(link.shortUrl)
  const media =
    link.image && image.status !== 'error' ? (
      <img
        class="mock-img"
        src={link.image}
        alt=""
        referrerpolicy="no-referrer"
        onLoad={loaded}
        onError={() => setImage({ status: 'error' })}
      />
    ) : link.image ? (
      <span class="mock-img mock-missing">Image not loaded</span>
    ) : null
  const titleText = link.title
  const descriptionText = link.description

  let drawing: Child
  if (platform === 'x') {
    drawing = media ? (
      <div class="mock mock-x mock-large" ref={mock}>
        <div class="mock-media">
          {media}
          <span class="x-title">{cut(titleText, X_TITLE_MAX)}</span>
        </div>
        <p class="mock-host">From {host}</p>
      </div>
    ) : (
      <div class="mock mock-x mock-summary" ref={mock}>
        <span class="mock-thumb" aria-hidden="true" />
        <div class="mock-text">
          <p class="mock-host">{host}</p>
          <p class="mock-title">{cut(titleText, X_TITLE_MAX)}</p>
          <p class="mock-desc">{cut(descriptionText, X_DESCRIPTION_MAX)}</p>
        </div>
      </div>
    )
  } else if (platform === 'facebook') {
    drawing = (
      <div class="mock mock-facebook" ref={mock}>
        {media && <div class="mock-media">{media}</div>}
        <div class="mock-text">
          <p class="mock-host">{host.toUpperCase()}</p>
          <p class="mock-title clamp-2" ref={title}>
            {titleText}
          </p>
          <p class="mock-desc clamp-1" ref={description}>
            {descriptionText}
          </p>
        </div>
      </div>
    )
  } else {
    drawing = (
      <div class={`mock mock-linkedin ${media ? 'mock-large' : 'mock-summary'}`} ref={mock}>
        {media ? <div class="mock-media">{media}</div> : <span class="mock-thumb" aria-hidden="true" />}
        <div class="mock-text">
          <p class="mock-title clamp-2" ref={title}>
            {titleText}
          </p>
          <p class="mock-host">{host}</p>
        </div>
      </div>
    )
  }

  const size = image.status === 'ok' ? `${image.width}×${image.height}` : image.status === 'error' ? 'not loaded' : 'loading…'
  return (
    <div class="card-preview">
      <fieldset class="segmented">
        <legend class="visually-hidden">Draw the card as</legend>
        {PLATFORMS.map((p) => (
          <button type="button" class="seg" aria-pressed={p.key === platform ? 'true' : 'false'} onClick={() => setPlatform(p.key)}>
            {p.name}
          </button>
        ))}
      </fieldset>
      <figure class="mock-figure" data-platform={platform}>
        {drawing}
        <figcaption class="hint">As {name} would draw it: a sketch of its layout.</figcaption>
      </figure>
      <dl class="card-facts">
        <div>
          <dt>Title</dt>
          <dd>{length(titleText)} characters</dd>
        </div>
        <div>
          <dt>Description</dt>
          <dd>{descriptionText ? `${length(descriptionText)} characters` : 'none'}</dd>
        </div>
        <div>
          <dt>Image</dt>
          <dd class="image-size">{link.image ? size : 'none'}</dd>
        </div>
        <div>
          <dt>Site</dt>
          <dd>{link.siteName || host}</dd>
        </div>
      </dl>
      {warnings.length ? (
        <ul class="card-warnings" aria-label="What will go wrong with this card">
          {warnings.map((w) => (
            <li class="warning" data-warning={w.key}>
              {w.text}
            </li>
          ))}
        </ul>
      ) : (
        image.status === 'ok' && <p class="card-ok">No problem found: the image is large enough and the text fits.</p>
      )}
    </div>
  )
}
