import { loadConfig } from '../../servers/core/config.js'
import { CHEAP_SCRYPT_LOG_N } from '../runner/lab-servers.js'
import { renderSummary } from '../report/render-summary.js'
import { renderConclusions } from '../report/conclusions.js'
import { writeReport } from '../report/write-report.js'
import { writeResults } from '../report/write-report.js'
import { runLab } from '../lab/lab-run.js'
import { createProgress } from '../runner/progress.js'
import type { Command } from './command.js'
import { parseRunOptions, RUN_OPTION_HELP } from './run-options.js'
import { skippedOnTargets } from '../lab/targets-record.js'
import { STAGE_NAMES } from '../stages.js'

export const runCommand: Command = {
  name: 'run',
  summary: 'the whole lab: start Redis, verify and load every strategy, write results/',
  usage: `authlab run [--quick] [options]        (npm run lab -- [options])

Starts a private Redis (or uses REDIS_URL), starts every strategy's server in its own process,
checks each against the contract (a server that fails is reported, never loaded), warms them up,
then loads them with short autocannon bursts, one server at a time (the reads in blocks of a
variant, or of the variants compared with each other, each block visited twice; a no-auth
baseline burst between every two) and reports each strategy's throughput, latency and CPU as
ratios to that baseline. Also: a concurrency sweep, CPU per request measured in-process, and the load generator's own ceiling.
Writes results/<timestamp>/results.json and summary.md, and points results/latest at them.

Options:
${RUN_OPTION_HELP}

Environment: REDIS_URL (use this Redis instead of starting one), AUTHLAB_SCRYPT_LOG_N (password-hash
cost for the servers; default 17, the real cost).
Then (unless --skip): the profile stage (where each strategy's CPU goes, in-process; compact unless
--full, not in --quick), the revocation stage (how long a revoked credential keeps working, per
variant, on 2 replicas), the attack stage (the attack catalogue against every strategy) and the
store stage (Redis far away, killed, stalled and restarted, on a Redis of its own; compact unless
--full, not in --quick; it needs a local redis-server even with REDIS_URL).
Exit code: 0 when every server was measured and no attack got through, 1 when a server failed
verification, an attack was accepted, or Redis is missing; 2 for a bad option.`,

  async run(argv) {
    const { options, variants, hotReadOnly, revocation, skip, profile, failover, store, outDir, verbose, targets } =
      parseRunOptions(argv)
    // A quick look hashes at the cheap cost unless AUTHLAB_SCRYPT_LOG_N says otherwise: servers start
    // in a fraction of the time and its login bursts complete (the warnings say the hash was cheap).
    const scryptLogN =
      options.profile === 'quick' && !process.env.AUTHLAB_SCRYPT_LOG_N
        ? CHEAP_SCRYPT_LOG_N
        : loadConfig(process.env).scryptLogN
    const progress = createProgress()
    progress.note(`authlab run (${options.profile}): ${variants.map((variant) => variant.id).join(', ')}`)
    if (targets) {
      progress.note(`targets from ${targets.file}: nothing is started here`)
      for (const { stage, reason } of skippedOnTargets(STAGE_NAMES)) progress.note(`${stage} stage left out: ${reason}`)
    }
    const results = await runLab({
      options,
      variants,
      hotReadOnly,
      configs: { revocation, profile, failover, store },
      skip,
      resultsRoot: outDir,
      scryptLogN,
      redisUrl: process.env.REDIS_URL || undefined,
      ...(targets && { targets }),
      progress,
    })
    const directory = await writeResults(results, outDir)
    const report = await writeReport(results, directory)
    // The wide tables stay in the files; the screen gets the conclusions, in 80 columns.
    if (verbose) console.log(`\n${renderSummary(results)}`)
    console.log(`\n${renderConclusions(results, { directory, latest: `${outDir}/latest`, report })}`)
    if (results.attacks && !results.attacks.passed)
      console.error(
        '\n!!! THE ATTACK STAGE FAILED: see the attack matrix in the report. Do not copy this code until it is fixed.',
      )
    const allMeasured = results.variants.every((variant) => variant.status === 'measured')
    return allMeasured && (results.attacks?.passed ?? true) ? 0 : 1
  },
}
