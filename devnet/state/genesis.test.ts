import { describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { quoteStake } from '../../src/amm/index.ts';
import { encodeAddress } from '@polkadot/util-crypto';
import { BLOCK_AUTHOR, createGenesisState, DEV_ACCOUNTS, DEV_BALANCES, DEV_PHRASE, DEV_PUBLIC_KEYS, NOMINATORS, subnetAccountId, VALIDATOR_OWNERS, VALIDATORS, WHALE } from './genesis.ts';
import { alphaPrice, poolOf, stakeInfoForColdkey } from './queries.ts';
import { checkInvariants, TAO } from './testing.ts';

describe('genesis', () => {
  it('dev accounts are the well-known //Alice … //Ferdie sr25519 keys (prefix 42)', () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    expect(DEV_ACCOUNTS.map((a) => a.name)).toEqual(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']);
    for (const account of DEV_ACCOUNTS) {
      const pair = keyring.addFromUri(account.uri);
      expect(account.hex).toBe(u8aToHex(pair.publicKey));
      expect(account.address).toBe(pair.address);
    }
    expect(DEV_ACCOUNTS[0]!.address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });

  it('funds the dev accounts, Alice and Bob with 1,000,000 TAO', () => {
    const state = createGenesisState();
    for (const account of DEV_ACCOUNTS) expect(state.accounts.get(account.hex)!.free).toBe(DEV_BALANCES[account.name as keyof typeof DEV_BALANCES]);
    expect(state.accounts.get(DEV_ACCOUNTS[0]!.hex)!.free).toBe(1_000_000n * TAO);
    expect(state.accounts.get(DEV_ACCOUNTS[1]!.hex)!.free).toBe(1_000_000n * TAO);
    expect(state.blockAuthor).toBe(BLOCK_AUTHOR.hex);
    expect(DEV_ACCOUNTS.some((a) => a.hex === BLOCK_AUTHOR.hex || a.hex === WHALE.hex)).toBe(false);
  });

  it('is deterministic and independent per call', () => {
    const a = createGenesisState();
    const b = createGenesisState();
    expect(a).toEqual(b);
    a.subnets.get(1)!.taoReserve = 1n;
    expect(b.subnets.get(1)!.taoReserve).toBe(500_000n * TAO);
  });

  it('keeps the bookkeeping identities (issuance, subnet accounts, alpha out)', () => {
    checkInvariants(createGenesisState());
  });

  it('has root, a stable subnet and varied dynamic pools', () => {
    const state = createGenesisState();
    expect(state.subnets.size).toBe(13);
    const root = state.subnets.get(0)!;
    expect([root.mechanism, root.symbol, root.alphaReserve]).toEqual([0, 'τ', 0n]);
    expect(alphaPrice(state, 0)).toBe(TAO);
    const stable = [...state.subnets.values()].filter((s) => s.netuid !== 0 && s.mechanism === 0);
    expect(stable).toHaveLength(1);
    expect(alphaPrice(state, stable[0]!.netuid)).toBe(TAO);

    const dynamic = [...state.subnets.values()].filter((s) => s.mechanism === 1);
    const prices = dynamic.map((s) => alphaPrice(state, s.netuid));
    expect(Math.min(...prices.map(Number))).toBeLessThanOrEqual(5_000_000);
    expect(Math.max(...prices.map(Number))).toBeGreaterThanOrEqual(199_999_999);
    const reserves = dynamic.map((s) => s.taoReserve);
    expect(reserves.some((r) => r <= 5_000n * TAO)).toBe(true);
    expect(reserves.some((r) => r >= 500_000n * TAO)).toBe(true);
    const weights = new Set(dynamic.map((s) => s.quoteWeight));
    for (const w of [450_000_000_000_000_000n, 499_000_000_000_000_000n, 550_000_000_000_000_000n, 487_123_456_789_012_345n]) expect(weights.has(w)).toBe(true);
    expect(new Set(dynamic.map((s) => s.feeRate)).size).toBeGreaterThanOrEqual(3);
    expect(new Set([...state.subnets.values()].map((s) => s.symbol)).size).toBe(13);
    expect([...state.subnets.values()].some((s) => !s.subtokenEnabled)).toBe(true);
    expect([...state.subnets.values()].some((s) => !s.transferToggle)).toBe(true);
    // Each trading pool accepts a 1 TAO stake.
    for (const s of dynamic.filter((d) => d.subtokenEnabled)) expect(quoteStake(poolOf(state, s.netuid), TAO).amountOut).toBeGreaterThan(0n);
  });

  it('each subnet pallet account is "modl" ‖ "subtensr" ‖ netuid LE, and holds the TAO reserve', () => {
    expect(subnetAccountId(1)).toBe('0x6d6f646c73756274656e73720100000000000000000000000000000000000000');
    expect(subnetAccountId(258).slice(26, 30)).toBe('0201');
    const state = createGenesisState();
    expect(state.accounts.get(subnetAccountId(8))!.free).toBe(state.subnets.get(8)!.taoReserve);
  });

  it('precomputed public keys are exactly what the keyring derives, for every genesis account', () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const accounts = [...DEV_ACCOUNTS, ...VALIDATOR_OWNERS, BLOCK_AUTHOR, WHALE, ...NOMINATORS, ...VALIDATORS];
    // Every account genesis uses comes from the table (none is derived at load), and nothing else is in it.
    expect(new Set(accounts.map((a) => a.uri))).toEqual(new Set(Object.keys(DEV_PUBLIC_KEYS)));
    for (const account of accounts) {
      const pair = keyring.createFromUri(`${DEV_PHRASE}${account.uri}`);
      expect(account.hex, account.uri).toBe(u8aToHex(pair.publicKey));
      expect(account.address).toBe(encodeAddress(pair.publicKey, 42));
    }
  });

  it('gives every validator its own owner coldkey whose on-chain identity carries the validator name', () => {
    const state = createGenesisState();
    const owners = VALIDATORS.map((v) => v.owner);
    expect(new Set(owners).size).toBe(VALIDATORS.length);
    expect(state.identities.size).toBe(VALIDATORS.length);
    for (const v of VALIDATORS) {
      expect(state.hotkeys.get(v.hex)!.owner).toBe(v.owner);
      expect(state.identities.get(v.owner)).toMatchObject({ name: v.name, url: '', githubRepo: '' });
    }
  });

  it('has named validators owned by dev coldkeys, with shared non-trivial stake pools', () => {
    const state = createGenesisState();
    expect(VALIDATORS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(VALIDATORS.map((v) => v.name)).size).toBe(VALIDATORS.length);
    for (const v of VALIDATORS) {
      const h = state.hotkeys.get(v.hex)!;
      expect([...DEV_ACCOUNTS, ...VALIDATOR_OWNERS].some((a) => a.hex === h.owner)).toBe(true);
      expect(h.registrations.length).toBeGreaterThanOrEqual(4);
      expect(h.take).toBeGreaterThanOrEqual(0);
      expect(h.take).toBeLessThanOrEqual(65_535);
    }
    let multiHolder = 0;
    for (const pool of state.stakePools.values()) {
      if (pool.shares.size >= 2) multiHolder++;
      // value per share differs from 1e-9 alpha: the pools accrued since their holders joined
    }
    expect(multiHolder).toBeGreaterThan(30);
    const grown = [...state.stakePools.values()].filter((p) => p.totalAlpha * 1_000_000_000n > p.totalShares);
    expect(grown.length).toBeGreaterThan(30);
  });

  it('gives Alice a small known portfolio', () => {
    const state = createGenesisState();
    const positions = stakeInfoForColdkey(state, DEV_ACCOUNTS[0]!.hex).map((s) => s.netuid).sort((a, b) => a - b);
    expect(positions).toEqual([0, 1, 4]);
    expect(stakeInfoForColdkey(state, DEV_ACCOUNTS[4]!.hex)).toEqual([]);
  });
});
