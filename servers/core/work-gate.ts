/**
 * A semaphore with a short queue, for work that is expensive on purpose (a memory-hard password
 * hash). Without it every login an attacker sends is hashed: each scrypt at log2(N) = 17 holds
 * 128 MiB and a thread of libuv's pool, and whatever else runs on that pool (PASETO's Ed25519
 * verification, for one) waits behind them. With it, at most `concurrency` run, `queue` more wait,
 * and the rest are refused at once, before they cost anything.
 */
export interface WorkGate {
  /** Runs `work` when a slot is free; throws `refuse()` when the queue is full too. */
  run<T>(work: () => Promise<T>): Promise<T>
}

export interface WorkGateOptions {
  readonly concurrency: number
  readonly queue: number
  readonly refuse: () => Error
}

export function createWorkGate({ concurrency, queue, refuse }: WorkGateOptions): WorkGate {
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run(work) {
      if (running < concurrency) running += 1
      else if (waiting.length < queue) await new Promise<void>((resolve) => waiting.push(resolve))
      else throw refuse()
      try {
        return await work()
      } finally {
        // Hand the slot straight to the next in line (so `running` stays), or give it back.
        const next = waiting.shift()
        if (next) next()
        else running -= 1
      }
    },
  }
}
