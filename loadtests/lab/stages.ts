import { ceilingSeconds, runCeiling } from '../experiments/ceiling.js'
import { runCpuCost } from '../experiments/cpu-cost.js'
import { runSweep, sweepSeconds } from '../experiments/sweep.js'
import { runThroughput, throughputSeconds } from '../experiments/throughput.js'
import { SCENARIOS } from '../scenarios/scenarios.js'
import { warmUp } from '../runner/burst.js'
import { startCeilingServer } from '../runner/lab-servers.js'
import { BASELINE_ID, parseVariant } from '../runner/variants.js'
import { revocationStageSeconds, runRevocationStage } from '../revocation/revocation-stage.js'
import { runAttackStage } from '../attacks/attack-stage.js'
import { profileStageSeconds, runProfileStage } from '../profile/profile-stage.js'
import { runStoreStage, storeStageSeconds } from '../store/store-stage.js'
import { failoverStageSeconds, runFailoverStage } from '../failover/failover-section.js'
import { ATTACK_DEFAULTS } from '../defaults.js'
import { browserStageSeconds, runBrowserStage, type BrowserStageConfig } from '../browser/browser-stage.js'
import { authenticates } from '../../servers/registry.js'
import {
  REFUSAL_DEFAULTS,
  refusalStageSeconds,
  refusalVariants,
  runRefusalStage,
  type RefusalStageConfig,
} from '../refusal/refusal-stage.js'
import type { LabContext, LabStage } from './lab-stage.js'

/** The prepared servers that passed verification and belong to the main set (not hot-read only). */
const mainTargets = (ctx: LabContext) => ctx.prepared.targets.filter((target) => !ctx.hotReadOnly.has(target.variant))

/** The main variants whose servers passed verification. */
const measuredVariants = (ctx: LabContext) =>
  ctx.variants.filter((variant) =>
    ctx.prepared.records.some((record) => record.id === variant.id && record.status === 'measured'),
  )

const warmUpStage: LabStage = {
  name: 'warm-up',
  estimateSeconds: (ctx) => ctx.prepared.targets.length * ctx.options.warmup_s,
  async run(ctx) {
    for (const target of ctx.prepared.targets) {
      ctx.progress.step(`warm-up ${target.variant} (not measured)`, ctx.options.warmup_s)
      await warmUp(target, SCENARIOS['hot-read'], ctx.options.connections, ctx.options.warmup_s)
    }
    return {}
  },
}

const ceilingStage: LabStage = {
  name: 'ceiling',
  estimateSeconds: (ctx) => ceilingSeconds(ctx.options),
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
}

const throughputStage: LabStage = {
  name: 'throughput',
  estimateSeconds: (ctx) => throughputSeconds(ctx.prepared.targets, ctx.options, BASELINE_ID, ctx.hotReadOnly),
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
}

const sweepStage: LabStage = {
  name: 'sweep',
  estimateSeconds: (ctx) => sweepSeconds(ctx.options, mainTargets(ctx), BASELINE_ID),
  async run(ctx) {
    const targets = mainTargets(ctx)
    if (targets.length === 0 || ctx.options.sweep_connections.length === 0 || ctx.options.sweep_rounds <= 0) return {}
    return { sections: { sweep: await runSweep(targets, ctx.options, BASELINE_ID, ctx.redisProbe, ctx.progress) } }
  },
}

const cpuStage: LabStage = {
  name: 'cpu',
  estimateSeconds: (ctx) => ctx.options.cpu_rounds * mainTargets(ctx).length * 0.3,
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
}

/** In-process like the cpu stage, after it (its section is the cross-check) and with no server running. */
const profileStage: LabStage = {
  name: 'profile',
  estimateSeconds: (ctx) =>
    ctx.profile ? profileStageSeconds((ctx.profile.variants ?? measuredVariants(ctx)).length, ctx.profile) : 0,
  async run(ctx) {
    await ctx.prepared.stopAll()
    if (!ctx.profile) return {}
    const { cpu } = ctx.sectionsSoFar()
    const stage = await runProfileStage(
      ctx.profile.variants ?? measuredVariants(ctx),
      BASELINE_ID,
      {
        redisUrl: ctx.serverEnv.redisUrl,
        keyPrefix: ctx.stageServerEnv('profile').keyPrefix,
        seconds: ctx.profile.seconds,
        rounds: ctx.profile.rounds,
        outDir: ctx.resultsDirectory,
        ...(cpu && { cpuStage: cpu }),
      },
      ctx.progress,
    )
    return { ...(stage.section && { sections: { profile: stage.section } }), failures: stage.failures }
  },
}

/**
 * With no other server running: the hot read with refused credentials, on servers of its own (it
 * signs with their secrets). Only with --full or as `authlab refusal` (see FULL_ONLY_STAGES).
 */
const refusalStage: LabStage = {
  name: 'refusal',
  estimateSeconds: (ctx) => {
    const plan = refusalPlan(ctx)
    return plan ? refusalStageSeconds(plan, ctx.options) : 0
  },
  async run(ctx) {
    await ctx.prepared.stopAll()
    const plan = refusalPlan(ctx)
    if (!plan || plan.variants.length === 0) return {}
    const env = ctx.stageServerEnv('refusal')
    const stage = await runRefusalStage(plan, BASELINE_ID, env, ctx.options, ctx.redisProbe, ctx.progress)
    return { ...(stage.section && { sections: { refusal: stage.section } }), failures: stage.failures }
  },
}
/**
 * `authlab refusal`'s own plan; else, as for the browser stage, the lab's: every measured variant of
 * the hot read worth a refusal, not in --quick (a default run leaves it out with `--skip`).
 */
function refusalPlan(ctx: LabContext): RefusalStageConfig | undefined {
  if (ctx.refusal) return ctx.refusal
  if (ctx.options.profile === 'quick') return undefined
  const passed = (id: string) => ctx.prepared.records.some((record) => record.id === id && record.status === 'measured')
  const hotRead = [...ctx.variants, ...[...ctx.hotReadOnly].map((id) => parseVariant(id))]
  return { variants: refusalVariants(hotRead.filter((variant) => passed(variant.id))), rounds: REFUSAL_DEFAULTS.rounds }
}

/** Last but one, with nothing else running: each variant's replicas are started, measured and stopped. */
const revocationStage: LabStage = {
  name: 'revocation',
  estimateSeconds: (ctx) =>
    ctx.revocation ? revocationStageSeconds(ctx.revocation.variants, ctx.revocation.options) : 0,
  async run(ctx) {
    await ctx.prepared.stopAll() // no-op after the cpu stage; needed when it was skipped
    if (!ctx.revocation || ctx.revocation.variants.length === 0) return {}
    const { variants, options } = ctx.revocation
    const stage = await runRevocationStage(variants, ctx.stageServerEnv('revocation'), options, ctx.progress)
    return { sections: { revocation: stage.section }, failures: stage.failures }
  },
}

const attackStage: LabStage = {
  name: 'attacks',
  estimateSeconds: (ctx) => (ctx.options.attacks ? ctx.variants.length * ATTACK_DEFAULTS.plannedSecondsPerVariant : 0),
  async run(ctx) {
    await ctx.prepared.stopAll()
    if (!ctx.options.attacks) return {}
    const attacks = await runAttackStage(measuredVariants(ctx), ctx.stageServerEnv('attacks'), ctx.progress)
    const failure =
      'ATTACK STAGE FAILED: an attack was accepted, answered unexpectedly, or a server stopped serving (see the attack matrix)'
    return { sections: { attacks }, failures: attacks.passed ? [] : [failure] }
  },
}

/**
 * Last: it stops, kills and freezes Redis processes of its own, with every other server stopped so
 * that nothing else competes for the CPU while it times answers.
 */
const storeStage: LabStage = {
  name: 'store',
  estimateSeconds: (ctx) => (ctx.store ? storeStageSeconds(ctx.store) : 0),
  async run(ctx) {
    await ctx.prepared.stopAll()
    if (!ctx.store) return {}
    const { redisUrl: _shared, ...env } = ctx.stageServerEnv('store')
    return runStoreStage(ctx.store, env, ctx.progress)
  },
}

/**
 * After the store stage: a replicated Redis of its own (primary, replica, three sentinels), server
 * replicas behind HAProxy, and the primary killed once per run. Not in --quick.
 */
const failoverStage: LabStage = {
  name: 'failover',
  estimateSeconds: (ctx) => (ctx.failover ? failoverStageSeconds(ctx.failover) : 0),
  async run(ctx) {
    await ctx.prepared.stopAll()
    if (!ctx.failover) return {}
    const { redisUrl: _shared, ...env } = ctx.stageServerEnv('failover')
    const { section, failures } = await runFailoverStage(ctx.failover, env, ctx.progress)
    return { ...(section && { sections: { failover: section } }), failures }
  },
}

/**
 * Last, with no other server running: the demo page in Chromium, one row per place a credential
 * lives (compact; `npx authlab browser` runs every variant). Not in --quick; skipped with a note
 * when Chromium is missing.
 */
const browserStage: LabStage = {
  name: 'browser',
  estimateSeconds: (ctx) => {
    const plan = browserPlan(ctx)
    return plan ? browserStageSeconds(plan.variants, plan.options) : 0
  },
  async run(ctx) {
    await ctx.prepared.stopAll()
    const plan = browserPlan(ctx)
    if (!plan) return {}
    const stage = await runBrowserStage(plan.variants, ctx.stageServerEnv('browser'), plan.options, ctx.progress)
    return { sections: { browser: stage.section }, failures: stage.failures }
  },
}
/**
 * `authlab browser`'s own plan; else the lab's: compact, not in --quick, nor in a run with no
 * variant that hands out a credential (a one-stage run).
 */
const browserPlan = (ctx: LabContext): BrowserStageConfig | undefined =>
  ctx.browser ??
  (ctx.options.profile !== 'quick' && ctx.variants.some((variant) => authenticates(variant.strategy))
    ? { variants: ctx.variants, options: { compact: true } }
    : undefined)

/** The lab run, in order. A new stage is one more entry here (see README.md in this folder). */
export const LAB_STAGES: readonly LabStage[] = [
  warmUpStage,
  ceilingStage,
  throughputStage,
  sweepStage,
  cpuStage,
  profileStage,
  refusalStage,
  revocationStage,
  attackStage,
  storeStage,
  failoverStage,
  browserStage,
]

export const STAGE_NAMES = LAB_STAGES.map((stage) => stage.name)
