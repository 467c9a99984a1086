/** Reconnect delay policy: 1 s doubling to 15 s, each delay scaled by a random factor in [0.8, 1.2). */
export class Backoff {
  private attempt = 0;

  /**
   * @param initialMs first delay (ms)
   * @param maxMs cap (ms)
   * @param random source in [0, 1); injectable for tests
   */
  constructor(
    private readonly initialMs = 1000,
    private readonly maxMs = 15000,
    private readonly random: () => number = Math.random,
  ) {}

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The next delay in ms (and advances the sequence). */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const jitter = 0.8 + 0.4 * this.random();
    return Math.round(Math.min(this.maxMs * 1.2, base * jitter));
  }

  /** Starts again from the initial delay (after a success). */
  reset(): void {
    this.attempt = 0;
  }
}
