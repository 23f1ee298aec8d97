/**
 * The load stages of `npm run lab`, on the servers the run started and verified: warm-up, the load
 * generator's ceiling, the throughput rounds, the concurrency sweep and the in-process CPU cost.
 */
import { BURST_SECTION_SCHEMA, CEILING_SECTION_SCHEMA, CPU_SECTION_SCHEMA } from '../results/results-json-schema.js'
import type { BurstSection, CeilingSection, CpuSection } from '../results/results-types.js'
import { warmUp } from '../runner/burst.js'
import { startCeilingServer } from '../runner/lab-servers.js'
import { measuredVariants, type ResultsSection, type Stage, type StageContext } from '../runner/stage.js'
import { BASELINE_ID } from '../runner/variants.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { ceilingSeconds, runCeiling } from './ceiling.js'
import { runCpuCost } from './cpu-cost.js'
import { ceilingMarkdown, cpuMarkdown, sweepMarkdown, throughputMarkdown } from './load-tables.js'
import { runSweep, sweepSeconds } from './sweep.js'
import { runThroughput, throughputSeconds } from './throughput.js'

/** The prepared servers that passed verification and belong to the main set (not hot-read only). */
const mainTargets = (ctx: StageContext) => ctx.prepared.targets.filter((target) => !ctx.hotReadOnly.has(target.variant))

const holdsAggregates = (section: { readonly aggregates: readonly unknown[] }) => section.aggregates.length > 0

export const warmUpStage = {
  name: 'warm-up',
  plan: (ctx) => ({ estimateSeconds: ctx.prepared.targets.length * ctx.options.warmup_s }),
  async run(ctx) {
    for (const target of ctx.prepared.targets) {
      ctx.progress.step(`warm-up ${target.variant} (not measured)`, ctx.options.warmup_s)
      await warmUp(target, SCENARIOS['hot-read'], ctx.options.connections, ctx.options.warmup_s)
    }
    return {}
  },
  sections: [],
} satisfies Stage<never, 'warm-up'>

const ceilingSection: ResultsSection<'ceiling', CeilingSection> = {
  key: 'ceiling',
  schema: CEILING_SECTION_SCHEMA,
  absent: "The load generator's ceiling: not measured in this run.",
  markdown: ceilingMarkdown,
}

export const ceilingStage = {
  name: 'ceiling',
  plan: (ctx) => ({ estimateSeconds: ceilingSeconds(ctx.options) }),
  async run(ctx) {
    if (ctx.options.ceiling_bursts <= 0) return {}
    const server = await startCeilingServer(ctx.pinning?.server_cpus)
    try {
      // near_ceiling is added when the results are put together: it needs the throughput section.
      return { sections: { ceiling: await runCeiling(server, ctx.options, ctx.progress) } }
    } finally {
      await server.stop()
    }
  },
  sections: [ceilingSection],
} satisfies Stage<never, 'ceiling'>

const throughputSection: ResultsSection<'throughput', BurstSection> = {
  key: 'throughput',
  schema: BURST_SECTION_SCHEMA,
  absent: 'Throughput, latency and cost over HTTP: this run holds no throughput section.',
  holdsData: holdsAggregates,
  markdown: throughputMarkdown,
}

export const throughputStage = {
  name: 'throughput',
  plan: (ctx) => ({
    estimateSeconds: throughputSeconds(ctx.prepared.targets, ctx.options, BASELINE_ID, ctx.hotReadOnly),
  }),
  async run(ctx) {
    if (mainTargets(ctx).length === 0) return {}
    const { targets } = ctx.prepared
    const throughput = await runThroughput(
      targets,
      ctx.options,
      BASELINE_ID,
      ctx.redisProbe,
      ctx.progress,
      ctx.hotReadOnly,
    )
    return { sections: { throughput } }
  },
  sections: [throughputSection],
} satisfies Stage<never, 'throughput'>

const sweepSection: ResultsSection<'sweep', BurstSection> = {
  key: 'sweep',
  schema: BURST_SECTION_SCHEMA,
  absent: 'Concurrency sweep: not run (`--full` or `--sweep 1,32,256` runs it; `--sweep off` leaves it out).',
  holdsData: holdsAggregates,
  markdown: sweepMarkdown,
}

export const sweepStage = {
  name: 'sweep',
  plan: (ctx) => ({ estimateSeconds: sweepSeconds(ctx.options, mainTargets(ctx), BASELINE_ID) }),
  async run(ctx) {
    const targets = mainTargets(ctx)
    if (targets.length === 0 || ctx.options.sweep_connections.length === 0 || ctx.options.sweep_rounds <= 0) return {}
    return { sections: { sweep: await runSweep(targets, ctx.options, BASELINE_ID, ctx.redisProbe, ctx.progress) } }
  },
  sections: [sweepSection],
} satisfies Stage<never, 'sweep'>

const cpuSection: ResultsSection<'cpu', CpuSection> = {
  key: 'cpu',
  schema: CPU_SECTION_SCHEMA,
  absent: 'In-process CPU per request (baseline and auth parts): this run holds no cpu section.',
  holdsData: holdsAggregates,
  markdown: cpuMarkdown,
}

export const cpuStage = {
  name: 'cpu',
  plan: (ctx) => ({ estimateSeconds: ctx.options.cpu_rounds * mainTargets(ctx).length * 0.3 }),
  async run(ctx) {
    // In-process, after every server process is stopped, so nothing else competes for the CPU.
    await ctx.prepared.stopAll()
    const measured = measuredVariants(ctx)
    if (ctx.options.cpu_rounds <= 0 || measured.length === 0) return {}
    const { redisUrl, keyPrefix } = ctx.serverEnv
    try {
      return {
        sections: { cpu: await runCpuCost(measured, ctx.options, BASELINE_ID, { redisUrl, keyPrefix }, ctx.progress) },
      }
    } catch (error) {
      // A failure here must not throw away minutes of HTTP measurements: it becomes a warning.
      const failure = `in-process CPU experiment failed: ${(error as Error).message}`
      ctx.progress.note(failure)
      return { failures: [failure] }
    }
  },
  sections: [cpuSection],
} satisfies Stage<never, 'cpu'>
