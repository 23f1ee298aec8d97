import type { AttackEntry } from './attack-entry.js'
import type { Verdict, VerdictKind } from './run-attacks.js'

/** The `attacks` section of results.json: the catalogue, each variant's verdicts, and the totals. */
export interface AttackSection {
  readonly catalogue: readonly {
    readonly id: string
    readonly family: string
    readonly name: string
    readonly tries: string
    readonly expected: AttackEntry['expected']
    readonly reference: string
  }[]
  readonly variants: readonly {
    readonly variant: string
    readonly strategy: string
    /** `started`: the runner started it with keys it knows; `target`: --target, keys as the env gave. */
    readonly server: 'started' | 'target'
    /** /health answered 200 after the last attack. */
    readonly still_serving: boolean
    /** Why no attack ran (the server did not start), if so. */
    readonly failure?: string
    readonly results: Readonly<
      Record<
        string,
        { verdict: VerdictKind; status: string; expected: AttackEntry['expected']; reference: string; note?: string }
      >
    >
  }[]
  readonly totals: Readonly<Record<VerdictKind, number>>
  /** No attack accepted, none unexpected, none that could not run, every server still serving. */
  readonly passed: boolean
}

export interface VariantAttackRun {
  readonly variant: string
  readonly strategy: string
  readonly server: 'started' | 'target'
  readonly stillServing: boolean
  readonly failure?: string
  readonly verdicts: readonly Verdict[]
}

export function buildAttackSection(
  catalogue: readonly AttackEntry[],
  runs: readonly VariantAttackRun[],
): AttackSection {
  const totals: Record<VerdictKind, number> = { blocked: 0, accepted: 0, unexpected: 0, error: 0, 'not-applicable': 0 }
  const reference = new Map(catalogue.map((entry) => [entry.id, entry.reference]))
  const variants = runs.map((run) => {
    for (const verdict of run.verdicts) totals[verdict.verdict] += 1
    const results = Object.fromEntries(
      run.verdicts.map(({ attack, verdict, status, expected, note }) => [
        attack,
        { verdict, status, expected, reference: reference.get(attack) ?? '', ...(note && { note }) },
      ]),
    )
    return {
      variant: run.variant,
      strategy: run.strategy,
      server: run.server,
      still_serving: run.stillServing,
      ...(run.failure && { failure: run.failure }),
      results,
    }
  })
  const passed =
    totals.accepted === 0 &&
    totals.unexpected === 0 &&
    totals.error === 0 &&
    runs.every((run) => run.stillServing && !run.failure)
  return {
    catalogue: catalogue.map(({ id, family, name, tries, expected, reference }) => ({
      id,
      family,
      name,
      tries,
      expected,
      reference,
    })),
    variants,
    totals,
    passed,
  }
}
