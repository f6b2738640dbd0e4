// Chain errors in words: dispatch errors decoded by NAME from the devnet's metadata (its
// SubtensorModule error indices differ from spec 425, so index-based decoding would be wrong),
// and pre-inclusion RPC rejections including the old `Custom error: N` codes.
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_CODE_NAMES, ERROR_TEXTS, explainDispatchError, explainName, explainRpcError } from '../../src/chain/errors.ts';

const registry = new TypeRegistry();

beforeAll(() => {
  registry.setMetadata(new Metadata(registry, new Uint8Array(readFileSync(new URL('../../devnet/metadata/subtensor-devnet.scale', import.meta.url)))));
});

function moduleError(pallet: string, name: string): DispatchError {
  const p = registry.metadata.pallets.find((x) => x.name.toString() === pallet)!;
  const variants = registry.lookup.getSiType(p.errors.unwrap().type).def.asVariant.variants;
  const v = variants.find((x) => x.name.toString() === name)!;
  const error = new Uint8Array(4);
  error[0] = v.index.toNumber();
  return registry.createType('DispatchError', { Module: { index: p.index.toNumber(), error } });
}

describe('dispatch errors', () => {
  it('decodes subtensor and swap errors by name from metadata and explains them', () => {
    const slippage = explainDispatchError(registry, moduleError('SubtensorModule', 'SlippageTooHigh'));
    expect(slippage).toMatchObject({ code: 'SlippageTooHigh', section: 'SubtensorModule' });
    expect(slippage.message).toMatch(/price moved past your limit.*nothing was spent/i);
    const limit = explainDispatchError(registry, moduleError('Swap', 'PriceLimitExceeded'));
    expect(limit).toMatchObject({ code: 'PriceLimitExceeded', section: 'Swap' });
    const balance = explainDispatchError(registry, moduleError('SubtensorModule', 'NotEnoughBalanceToStake'));
    expect(balance.message).toMatch(/free balance is too low/);
  });

  it('has words for every staking error of spec 13.1 and the swap errors', () => {
    const names = [
      'HotKeyAccountNotExists', 'NonAssociatedColdKey', 'NotEnoughStakeToWithdraw', 'NotEnoughBalanceToStake', 'StakeUnavailable',
      'SubnetNotExists', 'AmountTooLow', 'InsufficientLiquidity', 'SlippageTooHigh', 'TransferDisallowed', 'SubtokenDisabled',
      'SameNetuid', 'InsufficientBalance', 'ColdkeySwapAnnounced', 'ColdkeySwapDisputed', 'LockHotkeyMismatch', 'AccountRejectsLockedAlpha',
      'StakingRateLimitExceeded', 'PriceLimitExceeded', 'ReservesTooLow', 'SwapInputTooLarge',
    ];
    for (const name of names) expect(ERROR_TEXTS[name]?.length ?? 0, name).toBeGreaterThan(20);
  });

  it('names an unknown error without inventing an explanation', () => {
    expect(explainName('SomethingNew', 'SubtensorModule')).toEqual({
      code: 'SomethingNew', section: 'SubtensorModule', message: 'The chain refused the transaction: SubtensorModule.SomethingNew. Only the network fee was charged.',
    });
  });
});

describe('RPC rejections before inclusion', () => {
  it('maps the old Custom error codes to subtensor error names', () => {
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 8')).toMatchObject({ code: 'SlippageTooHigh' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 1')).toMatchObject({ code: 'AmountTooLow' });
    expect(explainRpcError('1010: {"invalid":{"custom":9}}')).toMatchObject({ code: 'TransferDisallowed' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 77')).toMatchObject({ code: 'Custom77' });
    for (const [code, name] of Object.entries(CUSTOM_CODE_NAMES)) expect(explainRpcError(`1010: Invalid Transaction: Custom error: ${code}`)!.code).toBe(name);
  });

  it('recognises validity errors in both node and chopsticks spellings', () => {
    expect(explainRpcError('1010: {"invalid":{"badProof":null}}')).toMatchObject({ code: 'BadProof' });
    expect(explainRpcError('1010: Invalid Transaction: Transaction has a bad signature')).toBeDefined();
    expect(explainRpcError('1010: Invalid Transaction: Transaction is outdated')).toMatchObject({ code: 'Stale' });
    expect(explainRpcError('1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)')).toMatchObject({ code: 'Payment' });
    expect(explainRpcError('1010: {"invalid":{"ancientBirthBlock":null}}')).toMatchObject({ code: 'AncientBirthBlock' });
    expect(explainRpcError('1012: Transaction is temporarily banned')).toMatchObject({ code: 'TemporarilyBanned' });
    expect(explainRpcError('1014: Priority is too low: (1 vs 1)')).toMatchObject({ code: 'PriorityTooLow' });
    expect(explainRpcError('disconnected from ws://127.0.0.1:9944: 1006:: Abnormal Closure')).toBeUndefined();
  });
});
