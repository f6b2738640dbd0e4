/**
 * Accounts and TAO balances (FRAME System + Balances, simplified): free balance, existential
 * deposit, account creation and reaping, and the three transfer calls the wallet uses.
 *
 * Simulated, not real runtime code. Simplifications: no reserves, holds or freezes are ever
 * created (the fields stay 0 unless a test sets them); `consumers` is not tracked; an account is
 * reaped exactly when an allow-death transfer leaves it below the existential deposit.
 */
import type { AccountId, AccountInfo, ChainState, RuntimeEvent } from './types.ts';
import { BALANCES, SYSTEM, TOKEN, fail } from './errors.ts';

/** `Balances.ExistentialDeposit` (spec §2, §18). */
export const EXISTENTIAL_DEPOSIT = 500n;

export function emptyAccount(): AccountInfo {
  return { nonce: 0, consumers: 0, providers: 0, sufficients: 0, free: 0n, reserved: 0n, frozen: 0n };
}

/** `System.Account[id]`, or the default (all zero) for an account that does not exist. */
export function accountInfo(state: ChainState, id: AccountId): AccountInfo {
  return state.accounts.get(id) ?? emptyAccount();
}

export function freeBalance(state: ChainState, id: AccountId): bigint {
  return state.accounts.get(id)?.free ?? 0n;
}

/**
 * What can leave the account: free minus what must stay (frozen funds, and the existential
 * deposit when the account must be kept alive). FRAME `reducible_balance(Preserve | Expendable, Polite)`.
 */
export function reducibleBalance(state: ChainState, id: AccountId, keepAlive: boolean): bigint {
  const info = accountInfo(state, id);
  const mustStay = keepAlive ? (info.frozen > EXISTENTIAL_DEPOSIT ? info.frozen : EXISTENTIAL_DEPOSIT) : info.frozen;
  return info.free > mustStay ? info.free - mustStay : 0n;
}

/**
 * Credits `amount` to `id`, creating the account if needed. A credit below the existential deposit
 * to a non-existent account is refused with `Token.BelowMinimum` (FRAME `can_deposit`).
 * Mutates `state`; returns the System/Balances events of the account creation, if any.
 */
export function credit(state: ChainState, id: AccountId, amount: bigint): RuntimeEvent[] {
  if (amount < 0n) throw new RangeError('credit amount must be non-negative');
  if (amount === 0n) return [];
  const existing = state.accounts.get(id);
  if (existing !== undefined) {
    existing.free += amount;
    return [];
  }
  if (amount < EXISTENTIAL_DEPOSIT) fail(TOKEN, 'BelowMinimum');
  state.accounts.set(id, { ...emptyAccount(), providers: 1, free: amount });
  return [
    { section: SYSTEM, method: 'NewAccount', data: [id] },
    { section: BALANCES, method: 'Endowed', data: [id, amount] },
  ];
}

/**
 * Takes `amount` from `id`'s free balance. With `keepAlive` the account must keep the existential
 * deposit (`Token.NotExpendable`); without it, a remainder below the existential deposit is lost
 * as dust (burned from total issuance) and the account is reaped. Too little → `Token.FundsUnavailable`.
 */
export function debit(state: ChainState, id: AccountId, amount: bigint, keepAlive: boolean): RuntimeEvent[] {
  if (amount < 0n) throw new RangeError('debit amount must be non-negative');
  if (amount === 0n) return [];
  const info = state.accounts.get(id);
  const spendable = info === undefined ? 0n : info.free > info.frozen ? info.free - info.frozen : 0n;
  if (info === undefined || amount > spendable) fail(TOKEN, 'FundsUnavailable');
  const remaining = info.free - amount;
  if (remaining < EXISTENTIAL_DEPOSIT) {
    if (keepAlive) fail(TOKEN, 'NotExpendable');
    state.accounts.delete(id);
    state.totalIssuance -= remaining;
    const events: RuntimeEvent[] = [];
    if (remaining > 0n) events.push({ section: BALANCES, method: 'DustLost', data: [id, remaining] });
    events.push({ section: SYSTEM, method: 'KilledAccount', data: [id] });
    return events;
  }
  info.free = remaining;
  return [];
}

/**
 * A transfer between accounts. Event order as FRAME emits it: the debit side's reaping events
 * come after `Transfer`, the credit side's account creation before it.
 * `Balances.Transfer` data: [from, to, amount].
 */
export function transfer(state: ChainState, from: AccountId, to: AccountId, amount: bigint, keepAlive: boolean): RuntimeEvent[] {
  if (amount === 0n || from === to) return [];
  // Check the credit side first so a refused credit changes nothing even when called outside dispatch.
  const destinationExists = state.accounts.has(to);
  if (!destinationExists && amount < EXISTENTIAL_DEPOSIT) fail(TOKEN, 'BelowMinimum');
  const reaped = debit(state, from, amount, keepAlive);
  const created = credit(state, to, amount);
  return [...created, { section: BALANCES, method: 'Transfer', data: [from, to, amount] }, ...reaped];
}

// ---- calls (section 'balances') -------------------------------------------------------------

export function transferKeepAlive(state: ChainState, origin: AccountId, dest: AccountId, value: bigint): RuntimeEvent[] {
  return transfer(state, origin, dest, value, true);
}

export function transferAllowDeath(state: ChainState, origin: AccountId, dest: AccountId, value: bigint): RuntimeEvent[] {
  return transfer(state, origin, dest, value, false);
}

/** `transfer_all(dest, keep_alive)`: moves the whole reducible balance (free − ED with keep_alive). */
export function transferAll(state: ChainState, origin: AccountId, dest: AccountId, keepAlive: boolean): RuntimeEvent[] {
  const amount = reducibleBalance(state, origin, keepAlive);
  return transfer(state, origin, dest, amount, keepAlive);
}
