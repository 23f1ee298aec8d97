import type { AttackSection } from './attack-section.js'

/** Pure renderings of an AttackSection: the terminal matrix and the report's Markdown. */

const SYMBOL = { blocked: 'ok', accepted: 'ACCEPTED', unexpected: '??', error: 'ERR', 'not-applicable': '-' } as const

type Result = AttackSection['variants'][number]['results'][string]
const cell = (result: Result | undefined) =>
  !result ? '' : result.verdict === 'not-applicable' ? '-' : `${SYMBOL[result.verdict]} ${result.status}`.trim()

/** `jwt:alg=ES256,revocation=denylist` -> `jwt:ES256,denylist`: columns stay narrow. */
const shortName = (variant: string) => variant.replace(/[a-z-]+=/g, '')

function rows(section: AttackSection): string[][] {
  return section.catalogue.map((entry) => [
    `${entry.id} (${entry.expected.status})`,
    ...section.variants.map((variant) => (variant.failure ? 'ERR' : cell(variant.results[entry.id]))),
  ])
}

/** Findings in words: every verdict that is not a plain "blocked" or "not applicable". */
export function findings(section: AttackSection): string[] {
  const lines: string[] = []
  for (const variant of section.variants) {
    if (variant.failure) lines.push(`${variant.variant}: ${variant.failure}`)
    if (!variant.still_serving) lines.push(`${variant.variant}: the server stopped serving after the attacks`)
    for (const [attack, result] of Object.entries(variant.results)) {
      if (result.verdict === 'blocked' || result.verdict === 'not-applicable') continue
      const label = result.verdict === 'accepted' ? '!!! ACCEPTED' : result.verdict
      lines.push(
        `${label}: ${attack} on ${variant.variant} (status ${result.status || 'none'}, expected ${result.expected.status}): ${result.note ?? ''} [${result.reference}]`,
      )
    }
  }
  return lines
}

const totalsLine = ({ totals }: AttackSection) =>
  `${totals.blocked} blocked, ${totals.accepted} accepted, ${totals.unexpected} unexpected, ${totals.error} could not run, ${totals['not-applicable']} not applicable`

export function renderAttackMatrix(section: AttackSection): string {
  const header = ['attack (expected)', ...section.variants.map((variant) => shortName(variant.variant))]
  const table = [header, ...rows(section)]
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) =>
    row
      .map((text, column) => text.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...table.slice(1).map(line),
    '',
    `ok = refused as expected (status seen), ACCEPTED = the attack got through, ?? = refused otherwise, ERR = could not run, - = not applicable`,
    totalsLine(section),
    ...findings(section),
  ].join('\n')
}

export function renderAttackMarkdown(section: AttackSection): string {
  const header = ['attack', 'expected', ...section.variants.map((variant) => `\`${variant.variant}\``)]
  const body = section.catalogue.map((entry, index) => {
    const cells = rows(section)[index]?.slice(1) ?? []
    return [
      `${entry.name} <sub>${entry.reference}</sub>`,
      String(entry.expected.status),
      ...cells.map((text) => (text.startsWith('ACCEPTED') ? `**${text}**` : text)),
    ]
  })
  const markdownRow = (cells: string[]) => `| ${cells.map((text) => text.replace(/\|/g, '\\|')).join(' | ')} |`
  const list = findings(section)
  return [
    `### Attacks: ${section.passed ? 'every attack refused' : '**FAILED**'}`,
    '',
    markdownRow(header),
    markdownRow(header.map(() => '---')),
    ...body.map(markdownRow),
    '',
    totalsLine(section),
    ...(list.length ? ['', ...list.map((finding) => `- ${finding}`)] : []),
  ].join('\n')
}
