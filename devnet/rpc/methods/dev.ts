/**
 * dev_*: test controls (not part of any real node). Each state change seals a new block: the
 * change is applied at the start of that block (Initialization phase), before the pooled
 * extrinsics, so `dev_frontRun` lands between a wallet's preview and its transaction's inclusion.
 */
import { ControlError, frontRun, fund, drain, migratePools, setPool, type PoolOverride } from '../../state/index.ts';
import { setStrandedStakeTao } from '../../state/faults.ts';
import type { BlockHook } from '../blocks.ts';
import { setLockAge } from '../../state/locks.ts';
import { setRootBasket, setRootClaimParams, type BasketSetting } from '../../state/root-claims.ts';
import { RpcError, invalidParams } from '../errors.ts';
import { parseAccount, type BlockMode } from '../node.ts';
import type { MethodContext, MethodTable } from './types.ts';

export const DEV_CONTROL_REFUSED = -32010;

function bigintParam(value: unknown, name: string, signed = false): bigint {
  let b: bigint;
  if (typeof value === 'number' && Number.isSafeInteger(value)) b = BigInt(value);
  else if (typeof value === 'string' && /^-?(0x[0-9a-fA-F]+|\d+)$/.test(value)) {
    b = value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  } else throw invalidParams(`${name} must be an integer (number or decimal/hex string)`);
  if (!signed && b < 0n) throw invalidParams(`${name} must not be negative`);
  if (b >= 1n << 64n || b <= -(1n << 64n)) throw invalidParams(`${name} is out of the u64 range`);
  return b;
}

function netuidParam(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65_535) throw invalidParams('netuid must be a u16');
  return value;
}

const BIGINT_FIELDS = ['taoReserve', 'alphaReserve', 'quoteWeight'] as const;
const NUMBER_FIELDS = ['feeRate', 'mechanism', 'tempo'] as const;
const BOOL_FIELDS = ['subtokenEnabled', 'transferToggle', 'v3Initialized'] as const;

function poolOverrideParam(value: unknown): PoolOverride {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParams('pool fields must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if ((BIGINT_FIELDS as readonly string[]).includes(key)) out[key] = bigintParam(v, key);
    else if ((NUMBER_FIELDS as readonly string[]).includes(key)) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65_535) throw invalidParams(`${key} must be a u16`);
      out[key] = v;
    } else if ((BOOL_FIELDS as readonly string[]).includes(key)) {
      if (typeof v !== 'boolean') throw invalidParams(`${key} must be a boolean`);
      out[key] = v;
    } else throw invalidParams(`unknown pool field ${key}; known: ${[...BIGINT_FIELDS, ...NUMBER_FIELDS, ...BOOL_FIELDS].join(', ')}`);
  }
  return out as PoolOverride;
}

/** Seals a block whose first step is `hook`; a refused control changes nothing. */
function sealWith({ node }: MethodContext, hook: BlockHook): string {
  try {
    return node.newBlocks(1, [hook]).hash;
  } catch (e) {
    if (e instanceof ControlError) throw new RpcError(DEV_CONTROL_REFUSED, `dev control refused: ${e.message}`);
    throw e;
  }
}

export const devMethods: MethodTable = {
  /** `dev_newBlock()`, `dev_newBlock(n)` or `dev_newBlock({ count })`: returns the last new block's hash. */
  dev_newBlock: ([arg], { node }) => {
    let count = 1;
    if (typeof arg === 'number') count = arg;
    else if (typeof arg === 'object' && arg !== null && 'count' in arg) count = (arg as { count: unknown }).count as number;
    else if (arg !== undefined && arg !== null && !(typeof arg === 'object')) throw invalidParams('expected a count or { count }');
    return node.newBlocks(count).hash;
  },
  dev_setBlockMode: ([mode], { node }) => {
    if (mode !== 'auto' && mode !== 'manual' && mode !== 'instant') throw invalidParams('mode must be "auto", "manual" or "instant"');
    node.setMode(mode as BlockMode);
    return mode;
  },
  dev_getBlockMode: (_p, { node }) => node.mode,
  /** `dev_setPool(netuid, { taoReserve?, alphaReserve?, quoteWeight?, feeRate?, mechanism?, subtokenEnabled?, transferToggle?, tempo?, v3Initialized? })` (v3Initialized: v3 runtime only; false makes a never-traded pool). */
  dev_setPool: ([netuid, fields], ctx) => {
    const n = netuidParam(netuid);
    const override = poolOverrideParam(fields);
    return sealWith(ctx, (state) => setPool(state, n, override));
  },
  /** `dev_frontRun(netuid, amount)`: amount > 0 buys alpha with that much TAO (price up), < 0 sells that much alpha (price down). */
  dev_frontRun: ([netuid, amount], ctx) => {
    const n = netuidParam(netuid);
    const a = bigintParam(amount, 'amount', true);
    return sealWith(ctx, (state) => frontRun(state, n, a));
  },
  /** `dev_setBalance(account, free)`: sets the free balance (minting or burning the difference). */
  dev_setBalance: ([who, free], ctx) => {
    const account = parseAccount(who);
    const target = bigintParam(free, 'free');
    return sealWith(ctx, (state) => {
      const current = state.accounts.get(account)?.free ?? 0n;
      if (target > current) return fund(state, account, target - current);
      if (target < current) drain(state, account, current - target);
      return [];
    });
  },
  /** `dev_strandStakeTao(netuid, tao)`: later stakes on the subnet leave up to `tao` rao on the subnet account (the subtensor#2735 fault); 0 switches it off. */
  dev_strandStakeTao: ([netuid, tao], ctx) => {
    const n = netuidParam(netuid);
    const amount = bigintParam(tao, 'tao');
    return sealWith(ctx, (state) => setStrandedStakeTao(state, n, amount));
  },
  /** `dev_setLockAge(coldkey, netuid, age)`: the coldkey's lock on the subnet becomes `age` blocks old (its mass decays from then). */
  dev_setLockAge: ([who, netuid, age], ctx) => {
    const account = parseAccount(who);
    const n = netuidParam(netuid);
    if (typeof age !== 'number' || !Number.isSafeInteger(age) || age < 0) throw invalidParams('age must be a non-negative integer number of blocks');
    return sealWith(ctx, (state) => setLockAge(state, account, n, age));
  },
  /**
   * `dev_setRootBasket(hotkey, { holdings?: {netuid: alpha}, owed?: {coldkey: shares}, shares? })`:
   * a validator's root-dividend basket: its holdings (alpha per subnet, TAO on root) and what each
   * staker is owed (fund shares; P defaults to at least their sum).
   */
  dev_setRootBasket: ([hotkey, fields], ctx) => {
    const h = parseAccount(hotkey);
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw invalidParams('basket fields must be an object');
    const f = fields as Record<string, unknown>;
    const setting: BasketSetting = {};
    for (const key of Object.keys(f)) if (!['holdings', 'owed', 'shares'].includes(key)) throw invalidParams(`unknown basket field ${key}; known: holdings, owed, shares`);
    if (f['holdings'] !== undefined) {
      if (typeof f['holdings'] !== 'object' || f['holdings'] === null) throw invalidParams('holdings must be an object of netuid: alpha');
      setting.holdings = new Map(Object.entries(f['holdings'] as Record<string, unknown>).map(([n, a]) => [netuidParam(Number(n)), bigintParam(a, `holdings.${n}`)]));
    }
    if (f['owed'] !== undefined) {
      if (typeof f['owed'] !== 'object' || f['owed'] === null) throw invalidParams('owed must be an object of coldkey: shares');
      setting.owed = new Map(Object.entries(f['owed'] as Record<string, unknown>).map(([c, v]) => [parseAccount(c), bigintParam(v, `owed.${c}`)]));
    }
    if (f['shares'] !== undefined) setting.shares = bigintParam(f['shares'], 'shares');
    return sealWith(ctx, (state) => {
      if (!ctx.node.meta.metadata.asLatest.apis.some((a) => a.name.eq('BetaBasketRuntimeApi'))) {
        throw new ControlError('this runtime has no root claims (BetaBasketRuntimeApi)');
      }
      setRootBasket(state, h, setting);
    });
  },
  /** `dev_setRootClaimParams({ threshold?, unlockInterval?, sliceDust?, forfeitCap? })`: rao / blocks. */
  dev_setRootClaimParams: ([fields], ctx) => {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw invalidParams('params must be an object');
    const p: Record<string, bigint> = {};
    for (const [key, v] of Object.entries(fields)) {
      if (!['threshold', 'unlockInterval', 'sliceDust', 'forfeitCap'].includes(key)) throw invalidParams(`unknown field ${key}; known: threshold, unlockInterval, sliceDust, forfeitCap`);
      p[key] = bigintParam(v, key);
    }
    return sealWith(ctx, (state) => setRootClaimParams(state, p));
  },
  /** `dev_migratePools()`: the balancer → current runtime upgrade with the superellipse migration (controls.ts `migratePools`). */
  dev_migratePools: (_p, ctx) => sealWith(ctx, (state) => migratePools(state)),
  /** Drops every pooled extrinsic (watchers get `dropped`). */
  dev_dropPool: (_p, { node }) => {
    const n = node.chain.pool.length;
    node.chain.dropPool();
    return n;
  },
};
