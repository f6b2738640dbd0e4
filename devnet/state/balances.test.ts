import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, ChainState } from './types.ts';
import { createGenesisState, devAccount } from './genesis.ts';
import { EXISTENTIAL_DEPOSIT } from './balances.ts';
import { freeBalance } from './queries.ts';
import { calls, fails, ok, TAO } from './testing.ts';

const alice = devAccount('Alice').hex;
const ferdie = devAccount('Ferdie').hex;
const fresh = `0x${'12'.repeat(32)}` as AccountId;
let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('balances transfers', () => {
  it('transfer_keep_alive moves the amount and emits Transfer', () => {
    const before = freeBalance(state, alice);
    const outcome = ok(state, alice, calls.transferKeepAlive(ferdie, 12n * TAO));
    expect(freeBalance(state, alice)).toBe(before - 12n * TAO);
    expect(freeBalance(state, ferdie)).toBe(5_012n * TAO);
    expect(outcome.events).toEqual([{ section: 'Balances', method: 'Transfer', data: [alice, ferdie, 12n * TAO] }]);
  });

  it('transfer_keep_alive refuses to take the sender below the existential deposit', () => {
    const free = freeBalance(state, ferdie);
    fails(state, ferdie, calls.transferKeepAlive(alice, free - EXISTENTIAL_DEPOSIT + 1n), 'Token', 'NotExpendable');
    ok(state, ferdie, calls.transferKeepAlive(alice, free - EXISTENTIAL_DEPOSIT));
    expect(freeBalance(state, ferdie)).toBe(EXISTENTIAL_DEPOSIT);
  });

  it('more than the free balance is FundsUnavailable', () => {
    fails(state, ferdie, calls.transferAllowDeath(alice, freeBalance(state, ferdie) + 1n), 'Token', 'FundsUnavailable');
    fails(state, fresh, calls.transferAllowDeath(alice, 1_000n), 'Token', 'FundsUnavailable');
  });

  it('creating an account needs at least the existential deposit', () => {
    fails(state, alice, calls.transferKeepAlive(fresh, EXISTENTIAL_DEPOSIT - 1n), 'Token', 'BelowMinimum');
    const outcome = ok(state, alice, calls.transferKeepAlive(fresh, EXISTENTIAL_DEPOSIT));
    expect(outcome.events.map((e) => `${e.section}.${e.method}`)).toEqual(['System.NewAccount', 'Balances.Endowed', 'Balances.Transfer']);
    expect(state.accounts.get(fresh)).toMatchObject({ free: EXISTENTIAL_DEPOSIT, providers: 1, nonce: 0 });
  });

  it('transfer_allow_death may reap the sender; the dust is burned', () => {
    const free = freeBalance(state, ferdie);
    const issuance = state.totalIssuance;
    const outcome = ok(state, ferdie, calls.transferAllowDeath(alice, free - 100n));
    expect(state.accounts.has(ferdie)).toBe(false);
    expect(state.totalIssuance).toBe(issuance - 100n);
    expect(outcome.events.map((e) => `${e.section}.${e.method}`)).toEqual(['Balances.Transfer', 'Balances.DustLost', 'System.KilledAccount']);
  });

  it('transfer_all keeps the existential deposit with keep_alive, empties the account without', () => {
    ok(state, ferdie, calls.transferAll(alice, true));
    expect(freeBalance(state, ferdie)).toBe(EXISTENTIAL_DEPOSIT);
    const eve = devAccount('Eve').hex;
    const eveFree = freeBalance(state, eve);
    const aliceFree = freeBalance(state, alice);
    ok(state, eve, calls.transferAll(alice, false));
    expect(state.accounts.has(eve)).toBe(false);
    expect(freeBalance(state, alice)).toBe(aliceFree + eveFree);
  });

  it('a zero transfer and a transfer to oneself change nothing', () => {
    const before = createGenesisState();
    expect(ok(state, alice, calls.transferKeepAlive(ferdie, 0n)).events).toEqual([]);
    expect(ok(state, alice, calls.transferKeepAlive(alice, 5n * TAO)).events).toEqual([]);
    expect(state).toEqual(before);
  });
});
