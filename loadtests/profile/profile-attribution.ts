import type { CallFrame, CpuProfile, CpuProfileNode } from './cpu-profiler.js'
import { classifyFrame, ruleFor, type ProfileCategory } from './profile-categories.js'

/** Samples per category (idle left out) and per function of our own, from one or more profiles. */
export interface Attribution {
  /** Samples on the thread doing work, by category of the frame on top of the stack. */
  readonly categories: ReadonlyMap<ProfileCategory, number>
  readonly busySamples: number
  /** Samples with this function of ours anywhere on the stack: its inclusive time. */
  readonly labFunctions: ReadonlyMap<string, number>
}

/**
 * A function of ours by name and file. Anonymous ones (route handlers, arrow functions) are left
 * out: they wrap everything below them and say nothing. No line numbers: tsx compiles each module
 * to one line, so V8 only knows columns of the compiled text. `__name` is esbuild's helper that
 * names closures as they are created (tsx adds it; plain tsc output would not have it).
 */
const labFunctionName = (frame: CallFrame) =>
  frame.functionName && frame.functionName !== '__name'
    ? `${frame.functionName} (${frame.url.replace(/^.*\/(servers\/)/, '$1')})`
    : undefined

/** Each node's callers, innermost first. */
function callerChains(profile: CpuProfile): Map<number, CpuProfileNode[]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const chains = new Map<number, CpuProfileNode[]>()
  for (const node of profile.nodes) {
    const callers: CpuProfileNode[] = []
    for (let id = parentOf.get(node.id); id !== undefined; id = parentOf.get(id)) {
      const caller = byId.get(id)
      if (caller) callers.push(caller)
    }
    chains.set(node.id, callers)
  }
  return chains
}

/**
 * Counts samples rather than summing their time deltas: a delta is wall-clock time, and on a shared
 * machine a descheduled thread's next sample would carry the whole time it did not run. The CPU
 * time itself comes from the kernel (see profile-stage.ts); the samples only say how to split it.
 */
export function attribute(profile: CpuProfile): Attribution {
  const chains = callerChains(profile)
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const categoryOfNode = new Map<number, ProfileCategory | 'idle'>()
  const labOfNode = new Map<number, string[]>()
  for (const node of profile.nodes) {
    const callers = chains.get(node.id) ?? []
    categoryOfNode.set(
      node.id,
      classifyFrame(
        node.callFrame,
        callers.map((caller) => caller.callFrame),
      ),
    )
    const ours = [node, ...callers].filter((frame) => ruleFor(frame.callFrame, undefined) === 'lab')
    const names = ours.map((frame) => labFunctionName(frame.callFrame)).filter((name) => name !== undefined)
    labOfNode.set(node.id, [...new Set(names)])
  }
  const categories = new Map<ProfileCategory, number>()
  const labFunctions = new Map<string, number>()
  let busySamples = 0
  for (const id of profile.samples) {
    const category = categoryOfNode.get(id) ?? (byId.has(id) ? 'other' : 'idle')
    if (category === 'idle') continue
    busySamples += 1
    categories.set(category, (categories.get(category) ?? 0) + 1)
    for (const name of labOfNode.get(id) ?? []) labFunctions.set(name, (labFunctions.get(name) ?? 0) + 1)
  }
  return { categories, busySamples, labFunctions }
}

/** Adds attributions up (the rounds of one variant). */
export function addAttributions(parts: readonly Attribution[]): Attribution {
  const categories = new Map<ProfileCategory, number>()
  const labFunctions = new Map<string, number>()
  for (const part of parts) {
    for (const [key, count] of part.categories) categories.set(key, (categories.get(key) ?? 0) + count)
    for (const [key, count] of part.labFunctions) labFunctions.set(key, (labFunctions.get(key) ?? 0) + count)
  }
  return { categories, labFunctions, busySamples: parts.reduce((sum, part) => sum + part.busySamples, 0) }
}

/**
 * Several profiles of one variant as one `.cpuprofile`: their roots' children under one root, node
 * ids renumbered, samples one after the other. DevTools and speedscope open it as one recording.
 */
export function mergeProfiles(profiles: readonly CpuProfile[]): CpuProfile {
  const [first] = profiles
  if (!first || profiles.length === 1)
    return first ?? { nodes: [], startTime: 0, endTime: 0, samples: [], timeDeltas: [] }
  const root: CpuProfileNode & { children: number[] } = { ...first.nodes[0]!, id: 1, children: [] }
  const nodes: CpuProfileNode[] = [root]
  const samples: number[] = []
  const timeDeltas: number[] = []
  let offset = 1
  for (const profile of profiles) {
    const rootId = profile.nodes[0]?.id
    const renumber = (id: number) => (id === rootId ? 1 : id + offset)
    for (const node of profile.nodes) {
      if (node.id === rootId) root.children.push(...(node.children ?? []).map(renumber))
      else nodes.push({ ...node, id: renumber(node.id), children: (node.children ?? []).map(renumber) })
    }
    samples.push(...profile.samples.map(renumber))
    timeDeltas.push(...profile.timeDeltas)
    offset += Math.max(...profile.nodes.map((node) => node.id))
  }
  const duration = timeDeltas.reduce((sum, delta) => sum + delta, 0)
  return { nodes, startTime: first.startTime, endTime: first.startTime + duration, samples, timeDeltas }
}
