/**
 * An Architecture Decision Record draft in the MADR layout (https://adr.github.io/madr/), filled in
 * with one run's measurements. The decision itself is left to the reader: the lab measures, the
 * architect decides.
 */
import { findings } from '../report/findings.js'
import { requirementRows } from '../report/requirements.js'
import type { LabResults } from '../stages.js'
import { unreliableBanner } from '../report/render-summary.js'
import { consideredOnly, runVariants } from './considered-only.js'
import { profileFacts, variantProfile } from './variant-profile.js'

function prosAndCons(results: LabResults, variant: string): string[] {
  const profile = variantProfile(results, variant)
  const facts = profileFacts(profile)
  return [
    `### ${variant}`,
    '',
    ...profile.meets.map((requirement) => `* Good, because it meets "${requirement}" (measured)`),
    ...profile.misses.map((requirement) => `* Bad, because it does not meet "${requirement}" (measured)`),
    ...(facts.revocation ? [`* Neutral: ${facts.revocation}`] : []),
    ...facts.cost.map((fact) => `* Neutral: ${fact}`),
    '',
  ]
}

/**
 * `date` is the draft's (YYYY-MM-DD, MADR's front matter); it defaults to the day the run started,
 * so the same run renders the same draft.
 */
export function renderAdr(
  full: LabResults,
  options: readonly string[],
  source: string,
  date = full.started_at.slice(0, 10),
): string {
  // Findings, drivers and "smallest credential" come from the considered options alone.
  const results = consideredOnly(full, options)
  const others = runVariants(full).filter((variant) => !options.includes(variant))
  const requirements = requirementRows(results).filter((row) => row.meeting !== undefined)
  const env = results.environment
  return [
    '---',
    'status: proposed',
    `date: ${date}`,
    'deciders: [] # fill in: everyone who takes part in the decision',
    '---',
    '',
    '# Choose the authentication strategy for the API',
    '',
    '## Context and Problem Statement',
    '',
    ...unreliableBanner(results),
    `The API needs to authenticate every request. Which strategy should it use: ${options.join(', ')}? ` +
      `The candidates were measured side by side by authlab (\`${source}\`, run of ${results.started_at}, ${results.options.profile} profile, ` +
      `commit ${env.git_commit ?? 'unknown'}, ${env.cpu_count} × ${env.cpu_model}): the same API, the same load, ratios to a no-auth baseline measured in the same run.`,
    '',
    'What the run says:',
    '',
    ...findings(results).map((sentence) => `* ${sentence}`),
    '',
    '## Decision Drivers',
    '',
    ...requirements.map((row) => `* ${row.requirement} (${row.test})`),
    '* <!-- add your own: team experience, clients (browsers, services), compliance -->',
    '',
    '## Considered Options',
    '',
    ...options.map((option) => `* ${option}`),
    '',
    ...(others.length
      ? [`Not considered (measured in the same run, left out of this record): ${others.join(', ')}.`, '']
      : []),
    '## Decision Outcome',
    '',
    'Chosen option: "<!-- option -->", because <!-- which drivers decided it, in your words -->.',
    '',
    '### Consequences',
    '',
    '* Good, because <!-- -->',
    '* Bad, because <!-- -->',
    '',
    '## Pros and Cons of the Options',
    '',
    ...options.flatMap((option) => prosAndCons(results, option)),
    '## More Information',
    '',
    `Measured with authlab; every number above is in \`${source}\`. Regenerate this draft with \`npx authlab adr ${source} ${options.map((option) => `--option ${option}`).join(' ')}\`.`,
    '',
  ].join('\n')
}
