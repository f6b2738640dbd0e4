// Chain errors in words: dispatch errors decoded by NAME from the devnet's metadata (its
// SubtensorModule error indices differ from spec 425, so index-based decoding would be wrong),
// and pre-inclusion RPC rejections including the `Custom error: N` codes, read with the table of
// the runtime generation its metadata shows. A refusal in a block says the fee was paid; one
// before inclusion says nothing was.
import { readdirSync, readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, RUNTIME_NAMES, type RuntimeName } from '../../devnet/profiles.ts';
import {
  customCodes, ERROR_TEXTS, explainCustomCode, explainDispatchError, explainName, explainRpcError, STAGE_NOTES, validityGeneration, VALIDITY_GENERATIONS, type ValidityGeneration,
} from '../../src/chain/errors.ts';

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
      code: 'SomethingNew', section: 'SubtensorModule', message: `The chain refused the transaction: SubtensorModule.SomethingNew. ${STAGE_NOTES.inBlock}`,
    });
  });
});

describe('RPC rejections before inclusion', () => {
  it('maps the custom codes to subtensor error names, with the table of the generation', () => {
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 8')).toMatchObject({ code: 'SlippageTooHigh' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 1')).toMatchObject({ code: 'AmountTooLow' });
    expect(explainRpcError('1010: {"invalid":{"custom":9}}')).toMatchObject({ code: 'TransferDisallowed' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 77')).toMatchObject({ code: 'Custom77' });
    // 14 exists from spec 293 on, 21 only since balancer; a runtime between generations that
    // returns a newer code gets its meaning all the same (codes are never renumbered).
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 14', 'v3')).toMatchObject({ code: 'ZeroMaxAmount' });
    expect(customCodes('launch')).not.toContain(14);
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 14', 'launch')).toMatchObject({ code: 'ZeroMaxAmount' });
    expect(customCodes('v3')).not.toContain(21);
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 21', 'v3')).toMatchObject({ code: 'ColdkeySwapDisputed' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 21', 'current')).toMatchObject({ code: 'ColdkeySwapDisputed' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 28', 'current')).toMatchObject({ code: 'Custom28' });
    // 0: a scheduled swap on spec 293, an announced one since.
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 0', 'v3')).toMatchObject({ code: 'ColdkeyInSwapSchedule' });
    expect(explainRpcError('1010: Invalid Transaction: Custom error: 0', 'balancer')).toMatchObject({ code: 'ColdkeySwapAnnounced' });
  });

  it('14 ZeroMaxAmount on spec 293 says the price moved and the pool would give nothing at the limit', () => {
    const e = explainRpcError('1010: Invalid Transaction: Custom error: 14', 'v3')!;
    expect(e.message).toMatch(/price moved/i);
    expect(e.message).toMatch(/someone traded before you/);
    expect(e.message).toMatch(/at your limit price the pool would give you nothing/);
  });

  it('a pool refusal before inclusion never says a network fee was spent; the same error in a block does', () => {
    for (const raw of ['1010: Invalid Transaction: Custom error: 8', '1010: Invalid Transaction: Custom error: 14', '1010: {"invalid":{"custom":7}}']) {
      for (const g of VALIDITY_GENERATIONS) {
        const e = explainRpcError(raw, g)!;
        expect(e.message, `${g} ${raw}`).not.toMatch(/apart from the network fee|only the network fee|fee was charged|network fee was spent/i);
        expect(e.message, `${g} ${raw}`).toMatch(/no network fee was paid/);
      }
    }
    const inBlock = explainDispatchError(registry, moduleError('SubtensorModule', 'SlippageTooHigh'));
    expect(inBlock.message).toMatch(/apart from the network fee/);
    expect(inBlock.message).not.toMatch(/no network fee was paid/);
    // Validity names that are also dispatch names (CannotLookup) keep their pre-inclusion words.
    expect(explainRpcError('1011: {"unknown":{"cannotLookup":null}}')!.message).not.toMatch(/network fee/);
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

describe('custom validity codes of every runtime generation', () => {
  const dir = new URL('../../devnet/metadata/', import.meta.url);
  const registryOf = (file: string) => {
    const r = new TypeRegistry();
    r.setMetadata(new Metadata(r, new Uint8Array(readFileSync(new URL(file, dir)))));
    return r;
  };
  const expected: Record<RuntimeName, ValidityGeneration> = { current: 'current', balancer: 'balancer', v3: 'v3' };
  // Every metadata file the devnet ships, so a new profile's file is covered without editing this.
  const files = readdirSync(dir).filter((f) => f.endsWith('.scale')).sort();

  it('covers every profile\'s metadata file', () => {
    expect(files).toEqual(RUNTIME_NAMES.map((r) => PROFILES[r].metadataFile).sort());
  });

  for (const file of files) {
    const runtime = RUNTIME_NAMES.find((r) => PROFILES[r].metadataFile === file);
    it(`${file} (${runtime ?? 'no profile'}): the generation comes from the metadata, and each of its codes has a staker's explanation`, () => {
      const generation = validityGeneration(registryOf(file));
      if (runtime) expect(generation).toBe(expected[runtime]);
      const codes = customCodes(generation);
      expect(codes).toContain(255);
      const generic = explainCustomCode(200, generation).message.replace(/200/g, '');
      const texts = new Set<string>();
      for (const code of codes) {
        const e = explainCustomCode(code, generation);
        expect(e.code, `${runtime} ${code}`).not.toMatch(/^Custom\d+$/);
        expect(e.message.replace(/\d+/g, ''), `${runtime} ${code}`).not.toBe(generic);
        expect(e.message.length, `${runtime} ${code}`).toBeGreaterThan(STAGE_NOTES.beforeInclusion.length + 30);
        expect(e.message, `${runtime} ${code}`).toContain(STAGE_NOTES.beforeInclusion);
        texts.add(e.message);
      }
      // No two codes share one text: each says its own reason.
      expect(texts.size).toBe(codes.length);
    });
  }

  it('the tables differ where the chain did: codes 0-9 at launch, 0-14 on spec 293, 0-27 since balancer', () => {
    expect(customCodes('launch')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255]);
    expect(customCodes('v3')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
    expect(customCodes('balancer')).toHaveLength(29);
    expect(customCodes('current')).toEqual(customCodes('balancer'));
    // A metadata without a Swap pallet (spec 233 as shipped) is the launch generation.
    const bare = new TypeRegistry();
    const json = new Metadata(bare, new Uint8Array(readFileSync(new URL('../../devnet/metadata/subtensor-devnet.scale', import.meta.url)))).toJSON() as { metadata: { v15: { pallets: { name: string }[] } } };
    json.metadata.v15.pallets = json.metadata.v15.pallets.filter((p) => p.name !== 'Swap');
    const launch = new TypeRegistry();
    launch.setMetadata(new Metadata(launch, new Metadata(bare, json as never).toU8a()));
    expect(validityGeneration(launch)).toBe('launch');
  });
});
