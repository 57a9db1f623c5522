/**
 * @module What is wrong with a link's card, before a platform draws it: no image, an image smaller
 * than the platforms want, a title or description that will be cut.
 *
 * The limits, and where they come from:
 * - Text, X: a title of at most 70 characters and a description of at most 200. X's Cards markup
 *   reference says so ("Title of content (max 70 characters)", "Description of content (maximum 200
 *   characters)": https://developer.x.com/en/docs/x-for-websites/cards/overview/markup).
 * - Text, Facebook and LinkedIn: neither states a limit. Their cards show two lines of title
 *   (and Facebook one line of description; LinkedIn none), so what is cut depends on the width it
 *   is drawn at. The preview draws them with those line limits and says when the text runs past
 *   them (card.tsx measures it); no character count here pretends to be theirs.
 * - Image size: 1200×630 recommended; under 600×315 Facebook draws a small thumbnail instead of a
 *   large card (Meta, "Images in Link Shares": https://developers.facebook.com/docs/sharing/webmasters/images);
 *   LinkedIn asks for 1200×627 at 1.91:1 (https://www.linkedin.com/help/linkedin/answer/a521928);
 *   X's large-image card needs at least 300×157 (the markup reference above, summary_large_image).
 * - Shape: all three crop to about 1.91:1.
 */
import type { Link } from './api'

/** X's documented text limits, in characters. */
export const X_TITLE_MAX = 70
export const X_DESCRIPTION_MAX = 200
/** The image size the platforms recommend, and the smallest drawn as a large card. */
export const IMAGE_RECOMMENDED = { width: 1200, height: 630 }
export const IMAGE_LARGE_MIN = { width: 600, height: 315 }
export const X_LARGE_MIN = { width: 300, height: 157 }
export const CARD_RATIO = 1.91

/** The card's own parts, as the API's link has them. */
export type CardText = Pick<Link, 'title' | 'description' | 'image' | 'unfurledAt'>

/** What is known of the image: loading, drawn (with its size in pixels), or not loadable here. */
export type ImageState = { status: 'none' } | { status: 'loading' } | { status: 'error' } | { status: 'ok'; width: number; height: number }

export interface CardWarning {
  /** Stable, for styling and tests: no-image, image-error, image-small, image-soft, image-shape, title-x, description-x, unread. */
  key: string
  text: string
}

/** Characters as a reader counts them (an emoji is one). */
export const length = (text: string) => [...text].length

/** The text cut where X cuts it, with an ellipsis. */
export function cut(text: string, max: number): string {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

export function cardWarnings(card: CardText, image: ImageState): CardWarning[] {
  const out: CardWarning[] = []
  if (card.unfurledAt === null)
    out.push({ key: 'unread', text: 'The article could not be read yet: the card shows its address, not its title and picture.' })
  if (!card.image) {
    out.push({
      key: 'no-image',
      text: `No image: X draws a small summary card, Facebook and LinkedIn a plain text link. Give the article an og:image of ${IMAGE_RECOMMENDED.width}×${IMAGE_RECOMMENDED.height}.`,
    })
  } else if (image.status === 'error') {
    out.push({
      key: 'image-error',
      text: 'The image could not be loaded here (gone, or on another host over http, which this page does not load): check that it opens.',
    })
  } else if (image.status === 'ok') {
    const { width: w, height: h } = image
    const size = `${w}×${h}`
    if (w < IMAGE_LARGE_MIN.width || h < IMAGE_LARGE_MIN.height) {
      const x = w < X_LARGE_MIN.width || h < X_LARGE_MIN.height ? '; X needs 300×157 for its large card' : ''
      out.push({
        key: 'image-small',
        text: `The image is ${size}: under ${IMAGE_LARGE_MIN.width}×${IMAGE_LARGE_MIN.height}, too small for a large card, so Facebook shows a small thumbnail instead${x}. Use ${IMAGE_RECOMMENDED.width}×${IMAGE_RECOMMENDED.height}.`,
      })
    } else if (w < IMAGE_RECOMMENDED.width || h < IMAGE_RECOMMENDED.height) {
      out.push({
        key: 'image-soft',
        text: `The image is ${size}, smaller than the ${IMAGE_RECOMMENDED.width}×${IMAGE_RECOMMENDED.height} the platforms recommend: it may look blurred on sharp screens.`,
      })
    }
    const ratio = w / h
    if (Math.abs(ratio - CARD_RATIO) / CARD_RATIO > 0.1)
      out.push({
        key: 'image-shape',
        text: `The image is ${ratio.toFixed(2)}:1, not ${CARD_RATIO}:1: the platforms crop it, as drawn here.`,
      })
  }
  const title = length(card.title)
  if (title > X_TITLE_MAX) out.push({ key: 'title-x', text: `The title is ${title} characters: X shows ${X_TITLE_MAX}, so it is cut.` })
  const description = length(card.description)
  if (description > X_DESCRIPTION_MAX)
    out.push({
      key: 'description-x',
      text: `The description is ${description} characters: X shows ${X_DESCRIPTION_MAX}, so it is cut.`,
    })
  return out
}
