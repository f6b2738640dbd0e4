/**
 * The AMM's Pool for one subnet of a snapshot: the wire's decimal strings back to bigint. Shared
 * by the background (snapshot, simulation, request descriptions) and the popup's live preview.
 * Pure and free of @polkadot imports so the popup can bundle it without the chain client.
 */
import { poolPricingProblem, type Pool } from '../amm/index.ts';
import type { Intent, Snapshot, SubnetView } from '../protocol/chain.ts';

export type PoolContext = Pick<Snapshot, 'poolModel' | 'constants' | 'swapRules'>;

// The popup rebuilds its preview spec on every render that changes the snapshot, and SubnetView
// objects are replaced with each new snapshot, so keying on the object is exact and lets the
// garbage collector drop pools of old snapshots.
const cache = new WeakMap<SubnetView, Pool>();

/**
 * The pool for `subnet`, built once per SubnetView object (and pool model and minimum reserve,
 * which come from the snapshot). The returned object is shared between callers: do not mutate it.
 */
export function poolOf(subnet: SubnetView, snapshot: PoolContext): Pool {
  const minReserve = BigInt(snapshot.constants.minReserve);
  const cached = cache.get(subnet);
  const rules = snapshot.swapRules === undefined || snapshot.swapRules === 'current' ? undefined : snapshot.swapRules;
  if (cached && cached.model === snapshot.poolModel && cached.minReserve === minReserve && cached.rules === rules) return cached;
  const pool: Pool = {
    netuid: subnet.netuid,
    mechanism: subnet.mechanism,
    taoReserve: BigInt(subnet.taoReserve),
    alphaReserve: BigInt(subnet.alphaReserve),
    quoteWeight: BigInt(subnet.quoteWeight),
    feeRate: subnet.feeRate,
    minReserve,
    model: snapshot.poolModel,
  };
  if (subnet.sqrtPrice !== undefined) pool.sqrtPrice = BigInt(subnet.sqrtPrice);
  if (subnet.liquidity !== undefined) pool.liquidity = BigInt(subnet.liquidity);
  if (subnet.swapInitialized !== undefined) pool.swapInitialized = subnet.swapInitialized;
  if (subnet.v3Initialized !== undefined) pool.v3Initialized = subnet.v3Initialized;
  if (rules !== undefined) pool.rules = rules;
  if (subnet.curveProblem !== undefined) pool.curveProblem = subnet.curveProblem;
  if (subnet.curve !== undefined) {
    const c = subnet.curve;
    try {
      pool.curve = { alphaScale: BigInt(c.alphaScale), taoScale: BigInt(c.taoScale), centerAlpha: BigInt(c.centerAlpha), centerTao: BigInt(c.centerTao) };
    } catch {
      // A field that is not an integer: the pool is kept, marked as one that cannot be priced.
      pool.curveProblem ??= 'a curve field is not an integer';
    }
  }
  cache.set(subnet, pool);
  return pool;
}

/** Subnets whose pools an intent trades through (none for a plain transfer). */
function intentNetuids(intent: Intent, snapshot: Pick<Snapshot, 'account'>): number[] {
  switch (intent.kind) {
    case 'stake':
    case 'unstake':
    case 'unstakeFull':
      return [intent.netuid];
    case 'swap':
    case 'move':
    case 'moveLimit':
    case 'transferStake':
      return [intent.originNetuid, intent.destinationNetuid];
    case 'lock':
    case 'moveLock':
    case 'setPerpetualLock':
    case 'setRejectLockedAlpha':
      // Locks trade through no pool.
      return [];
    case 'claimRoot':
    case 'claimRootExit':
    case 'claimRootAll':
      // The claim's sales are the chain's (valued by its own preview); the exit is root, 1:1.
      return [];
    case 'unstakeAll':
      return (snapshot.account?.positions ?? []).map((p) => p.netuid);
    case 'transfer':
      return [];
  }
}

/**
 * Why a transaction on this intent must not be prepared: a pool it trades through cannot be
 * priced (poolPricingProblem), in words, or null. The background refuses such an intent before
 * building, signing or sending anything.
 */
export function intentPricingProblem(intent: Intent, snapshot: Pick<Snapshot, 'poolModel' | 'constants' | 'subnets' | 'account' | 'swapRules'>): string | null {
  for (const netuid of new Set(intentNetuids(intent, snapshot))) {
    const subnet = snapshot.subnets.find((s) => s.netuid === netuid);
    if (!subnet) continue;
    const problem = poolPricingProblem(poolOf(subnet, snapshot));
    if (problem !== null) return `Subnet ${netuid}'s pool cannot be priced: ${problem}. Nothing was signed or sent.`;
  }
  return null;
}
