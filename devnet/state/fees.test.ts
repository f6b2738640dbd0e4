import { beforeEach, describe, expect, it } from 'vitest';
import type { ChainState } from './types.ts';
import { BLOCK_AUTHOR, createGenesisState, devAccount, validator } from './genesis.ts';
import { chargeTransactionFee, feeDetails, transactionFee } from './fees.ts';
import { cloneState } from './clone.ts';
import { freeBalance } from './queries.ts';
import { calls, checkInvariants } from './testing.ts';

const alice = devAccount('Alice').hex;
let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('transaction fees', () => {
  it('are subtensor-sized: about 0.0001 to 0.001 TAO for the wallet calls', () => {
    const hotkey = validator('aurora').hex;
    const samples = [
      transactionFee(140, calls.transferKeepAlive(alice, 1n)),
      transactionFee(150, calls.addStakeLimit(hotkey, 1, 1n, 1n, false)),
      transactionFee(150, calls.removeStakeLimit(hotkey, 1, 1n, 1n, true)),
      transactionFee(180, calls.moveStake(hotkey, hotkey, 1, 2, 1n)),
      transactionFee(110, calls.unstakeAllAlpha(hotkey)),
    ];
    for (const fee of samples) {
      expect(fee).toBeGreaterThanOrEqual(50_000n);
      expect(fee).toBeLessThanOrEqual(1_000_000n);
    }
  });

  it('grow with length and weight, deterministically', () => {
    const call = calls.addStake(validator('aurora').hex, 1, 1n);
    expect(transactionFee(151, call) - transactionFee(150, call)).toBe(100n);
    expect(transactionFee(150, call)).toBe(transactionFee(150, call));
    expect(transactionFee(150, calls.unstakeAll(alice))).toBeGreaterThan(transactionFee(150, call));
    const d = feeDetails(150, call);
    expect(d.baseFee + d.lenFee + d.adjustedWeightFee).toBe(transactionFee(150, call));
    expect(() => transactionFee(-1, call)).toThrow(RangeError);
  });

  it('are taken from free balance and paid to the block author', () => {
    const fee = 187_654n;
    const before = freeBalance(state, alice);
    const author = freeBalance(state, BLOCK_AUTHOR.hex);
    const charge = chargeTransactionFee(state, alice, fee);
    expect(charge.ok).toBe(true);
    expect(freeBalance(state, alice)).toBe(before - fee);
    expect(freeBalance(state, BLOCK_AUTHOR.hex)).toBe(author + fee);
    if (charge.ok) {
      expect(charge.withdrawEvents).toEqual([{ section: 'Balances', method: 'Withdraw', data: [alice, fee] }]);
      expect(charge.settleEvents.map((e) => `${e.section}.${e.method}`)).toEqual(['Balances.Deposit', 'TransactionPayment.TransactionFeePaid']);
    }
    checkInvariants(state);
  });

  it('are refused (invalid payment) when the account cannot pay and keep the existential deposit, changing nothing', () => {
    const ferdie = devAccount('Ferdie').hex;
    const free = freeBalance(state, ferdie);
    const before = cloneState(state);
    expect(chargeTransactionFee(state, ferdie, free - 499n)).toEqual({ ok: false, reason: 'Payment' });
    expect(chargeTransactionFee(state, `0x${'34'.repeat(32)}`, 1n)).toEqual({ ok: false, reason: 'Payment' });
    expect(state).toEqual(before);
    expect(chargeTransactionFee(state, ferdie, free - 500n).ok).toBe(true);
  });
});
