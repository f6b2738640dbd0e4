import { WalletError, WalletErrorCode } from '../../src/protocol/errors.ts';

export interface BucketOptions {
  /** Burst size: requests allowed at once. */
  capacity: number;
  /** Sustained rate, tokens per second. */
  refillPerSecond: number;
  /** Origins remembered at most (least recently seen forgotten first): bounds memory under a flood of origins. */
  maxKeys: number;
}

export const DEFAULT_BUCKET: BucketOptions = { capacity: 60, refillPerSecond: 20, maxKeys: 1000 };

/**
 * A token bucket per key (origin). In memory on purpose: a worker restart refilling every bucket is
 * harmless, and persisting each request's token would turn a flood into a storage flood.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly options: BucketOptions = DEFAULT_BUCKET,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    const { capacity, refillPerSecond, maxKeys } = this.options;
    let bucket = this.#buckets.get(key);
    if (bucket) {
      this.#buckets.delete(key); // re-insert below: Map order is the LRU order
      bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * refillPerSecond) / 1000);
      bucket.at = now;
    } else {
      bucket = { tokens: capacity, at: now };
      if (this.#buckets.size >= maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    }
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Throws RateLimited when `key` has no token left. */
  check(key: string): void {
    if (!this.take(key)) throw new WalletError(WalletErrorCode.RateLimited, 'Too many requests from this site; slow down');
  }
}
