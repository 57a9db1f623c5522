/** @module Tiny DOM helpers: look up the page's elements, build new ones from text, show or hide. */

/** The page's own title, before a link's title replaces it. */
export const PAGE_TITLE = document.title

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing from dashboard.html`)
  return el as T
}

/**
 * An element with text (never markup) and attributes set as properties. Titles and URLs are the
 * articles' own and may hold anything, so this is the only way data reaches the page.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Pick<HTMLElementTagNameMap[K], 'className' | 'textContent'>> & Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'scope') node.setAttribute(k, String(v))
    else (node as unknown as Record<string, unknown>)[k] = v
  }
  node.append(...children)
  return node
}

export function show(node: HTMLElement, visible: boolean) {
  node.hidden = !visible
}
