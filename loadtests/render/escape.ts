/**
 * Every string that goes into the page passes through here: variant names, warnings and failure
 * messages come from results.json, which anyone can hand to `authlab report`.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Safe in element text and in double- or single-quoted attribute values (HTML and SVG). */
export const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character)

/** `data-*` attributes for a chart mark, so tests (and readers of the source) can count and check marks. */
export const dataAttributes = (data: Readonly<Record<string, string | number>>): string =>
  Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('')
