import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMetadata } from '../../devnet/metadata/load.ts';
import { decodeCallBytes, DecodeError, hexToBytes, innerCalls, runtimeTypes, type PortableType, type RuntimeTypes } from './decode.ts';
import { explainCall, legacyCall } from './explain.ts';

const { registry } = loadMetadata();
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
let rt: RuntimeTypes;

function tx(section: string, method: string, ...args: unknown[]) {
  return callOf(section, method, args).toHex();
}
function callOf(section: string, method: string, args: unknown[]) {
  const meta = registry.metadata.pallets.find((p) => p.name.toString() === section)!;
  const variants = registry.lookup.getSiType(meta.calls.unwrap().type).def.asVariant.variants;
  const v = variants.find((x) => x.name.toString() === method)!;
  const named = Object.fromEntries(v.fields.map((f, i) => [f.name.unwrap().toString(), args[i]]));
  return registry.createType('Call', { callIndex: new Uint8Array([meta.index.toNumber(), v.index.toNumber()]), args: named });
}

beforeAll(async () => {
  await cryptoWaitReady();
  rt = runtimeTypes((registry.metadata.lookup.toJSON() as unknown as { types: PortableType[] }).types, registry.metadata.extrinsic.callType.toNumber());
});

describe('decodeCallBytes (metadata-driven SCALE)', () => {
  it('decodes enums by variant name: add_proxy(Bob, Any, 0) is Any, not "none"', () => {
    const call = decodeCallBytes(rt, hexToBytes(tx('Proxy', 'add_proxy', { Id: BOB }, 'Any', 0)));
    expect(call.pallet).toBe('Proxy');
    expect(call.call).toBe('add_proxy');
    const view = explainCall(call, { names: { [BOB]: 'Bob' } });
    expect(view.args.map((a) => [a.name, a.text])).toEqual([
      ['delegate', `Bob (${BOB.slice(0, 6)}…${BOB.slice(-6)})`],
      ['proxy_type', 'Any'],
      ['delay', '0'],
    ]);
    expect(view.risk.level).toBe('critical');
    expect(view.risk.reason).toMatch(/^Gives Bob .* full control of this account/);
    expect(legacyCall(call).args).toEqual({ delegate: BOB, proxy_type: 'Any', delay: '0' });
  });

  it('agrees with polkadot-js on batches of staking calls, nested proxy and sudo calls', () => {
    const stake = callOf('SubtensorModule', 'add_stake_limit', [BOB, 3, 10_500_000_000n, 25_000_000n, true]);
    const send = callOf('Balances', 'transfer_keep_alive', [{ Id: ALICE }, (1n << 63n) + 7n]);
    const proxied = callOf('Proxy', 'proxy', [{ Id: ALICE }, 'Staking', callOf('SubtensorModule', 'unstake_all', [BOB])]);
    const sudoCode = callOf('Sudo', 'sudo', [callOf('System', 'set_code', ['0x0102'])]);
    const batch = callOf('Utility', 'batch_all', [[stake, send, proxied, sudoCode]]);
    const call = decodeCallBytes(rt, batch.toU8a());
    expect(innerCalls(call).map((c) => `${c.pallet}.${c.call}`)).toEqual(['SubtensorModule.add_stake_limit', 'Balances.transfer_keep_alive', 'Proxy.proxy', 'Sudo.sudo']);
    const legacy = legacyCall(call);
    const pjs = batch.toHuman() as { args: { calls: { args: Record<string, unknown> }[] } };
    expect(legacy.inner![0]!.args).toEqual({ hotkey: BOB, netuid: '3', amount_staked: '10500000000', limit_price: '25000000', allow_partial: 'true' });
    expect(legacy.inner![1]!.args.value).toBe(((1n << 63n) + 7n).toString());
    expect(pjs.args.calls).toHaveLength(4);
    const view = explainCall(call, {});
    expect(view.inner[0]!.args.find((a) => a.name === 'amount_staked')!.text).toBe('10.5 TAO');
    expect(view.inner[0]!.args.find((a) => a.name === 'limit_price')!.text).toBe('0.025 TAO per α');
    expect(view.inner[2]!.args.find((a) => a.name === 'force_proxy_type')!.text).toBe('Staking');
    expect(view.inner[2]!.inner[0]!.call).toBe('unstake_all');
    expect(view.inner[3]!.risk.level).toBe('critical');
    // The batch takes its worst call's risk, and says which call it is.
    expect(view.risk).toEqual({ level: 'critical', reason: expect.stringMatching(/^Call 4 of 4 in this batch: With root \(sudo\) rights: Replaces the chain's runtime code/) });
  });

  it('refuses trailing bytes, unknown pallets and calls, short input and lying length prefixes', () => {
    const good = hexToBytes(tx('System', 'remark', '0x1234'));
    expect(() => decodeCallBytes(rt, new Uint8Array([...good, 0]))).toThrowError(/trailing bytes/);
    expect(() => decodeCallBytes(rt, new Uint8Array([0xff, 0]))).toThrowError(DecodeError);
    expect(() => decodeCallBytes(rt, new Uint8Array([0x00, 0xee]))).toThrowError(/System has no call 238/);
    expect(() => decodeCallBytes(rt, good.subarray(0, good.length - 1))).toThrowError(/ends too early|length prefix/);
    // remark with a length prefix of 2^30 bytes but 2 bytes of data.
    expect(() => decodeCallBytes(rt, new Uint8Array([0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x40, 1, 2]))).toThrowError(/length prefix/);
  });

  it('refuses calls nested deeper than the limit instead of recursing without end', () => {
    let call = callOf('System', 'remark', ['0x']);
    for (let i = 0; i < 12; i++) call = callOf('Utility', 'batch', [[call]]);
    expect(() => decodeCallBytes(rt, call.toU8a())).toThrowError(/nest/);
  });
});
