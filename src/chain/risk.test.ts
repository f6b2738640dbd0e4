import { describe, expect, it } from 'vitest';
import type { CallValue, Field, Value } from './decode.ts';
import { callRisk, proxyFilterText } from './risk.ts';

const ME = new Uint8Array(32).fill(1);
const THEM = new Uint8Array(32).fill(2);
const ctx = { signer: 'me', address: (b: Uint8Array) => (b[0] === 1 ? 'me' : 'them'), names: { them: 'Eve' } };
const f = (name: string, value: Value): Field => ({ name, typeName: null, value });
const account = (b: Uint8Array): Value => ({ kind: 'account', value: b });
const int = (n: bigint): Value => ({ kind: 'int', value: n });
const bytes = (t: string): Value => ({ kind: 'bytes', value: new TextEncoder().encode(t) });
const call = (pallet: string, name: string, fields: Field[] = []): CallValue => ({ pallet, call: name, fields });
const stake = (dest: Uint8Array) => call('SubtensorModule', 'transfer_stake', [f('destination_coldkey', account(dest)), f('hotkey', account(THEM)), f('origin_netuid', int(1n)), f('destination_netuid', int(1n)), f('alpha_amount', int(5n))]);

describe('callRisk', () => {
  it('flags the calls that hand over funds or control, and says why', () => {
    expect(callRisk(call('Balances', 'transfer_all', [f('dest', { kind: 'variant', name: 'Id', fields: [f('', account(THEM))] }), f('keep_alive', { kind: 'bool', value: false })]), ctx)).toEqual({ level: 'high', reason: expect.stringMatching(/^Sends your entire free balance to Eve .*may also close this account/) });
    expect(callRisk(stake(THEM), ctx)).toMatchObject({ level: 'high', reason: expect.stringContaining('Gives stake to another account (Eve') });
    expect(callRisk(stake(ME), ctx).level).toBe('low');
    expect(callRisk(call('SubtensorModule', 'schedule_swap_coldkey', [f('new_coldkey', account(THEM))]), ctx)).toMatchObject({ level: 'critical', reason: expect.stringContaining('Hands this whole account') });
    expect(callRisk(call('SubtensorModule', 'unstake_all_alpha', [f('hotkey', account(THEM))]), ctx)).toMatchObject({ level: 'high', reason: expect.stringContaining('no price limit') });
    expect(callRisk(call('System', 'set_code_without_checks', [f('code', bytes('x'))]), ctx).level).toBe('critical');
    expect(callRisk(call('Proxy', 'add_proxy', [f('delegate', account(THEM)), f('proxy_type', { kind: 'variant', name: 'Staking', fields: [] }), f('delay', int(0n))]), ctx)).toMatchObject({ level: 'high', reason: expect.stringContaining('stake, unstake and move your stake') });
    expect(callRisk(call('Somepallet', 'mystery'), ctx)).toMatchObject({ level: 'medium', reason: expect.stringContaining('no plain description for Somepallet.mystery') });
  });

  it('the chain\'s own proxy filter text wins over the wallet\'s', () => {
    const grant = call('Proxy', 'add_proxy', [f('delegate', account(THEM)), f('proxy_type', { kind: 'variant', name: 'NonTransfer', fields: [] }), f('delay', int(10n))]);
    const risk = callRisk(grant, { ...ctx, proxyFilters: { NonTransfer: 'the chain lets it call only SubtensorModule.add_stake' } });
    expect(risk.reason).toBe('Gives Eve (them…them) a NonTransfer proxy: the chain lets it call only SubtensorModule.add_stake; each use is announced 10 blocks ahead, so you can reject it in time.');
  });
});

describe('proxyFilterText (ProxyFilterRuntimeApi answers of either shape)', () => {
  const info = (mode: Value, extra: Field[] = []): Value => ({ kind: 'composite', fields: [f('proxy_type', int(8n)), f('name', bytes('Staking')), f('deprecated', { kind: 'bool', value: false }), f('filter_mode', mode), ...extra] });
  const callInfo = (pallet: string, name: string | null): Value => ({ kind: 'composite', fields: [f('pallet_name', bytes(pallet)), f('call_name', name === null ? { kind: 'variant', name: 'None', fields: [] } : { kind: 'variant', name: 'Some', fields: [{ name: null, typeName: null, value: bytes(name) }] })] });
  it('reads Allow(calls), Allow + calls/exceptions, Deny and AllowAll', () => {
    const list: Value = { kind: 'list', items: [callInfo('SubtensorModule', 'add_stake'), callInfo('Utility', null)] };
    expect(proxyFilterText(info({ kind: 'variant', name: 'Allow', fields: [{ name: null, typeName: null, value: list }] }))).toEqual({ name: 'Staking', text: 'the chain lets it call only SubtensorModule.add_stake, every Utility call' });
    expect(proxyFilterText(info({ kind: 'variant', name: 'Allow', fields: [] }, [f('calls', list), f('exceptions', { kind: 'list', items: [callInfo('Utility', 'batch')] })]))?.text).toBe('the chain lets it call only SubtensorModule.add_stake, every Utility call (except Utility.batch)');
    expect(proxyFilterText(info({ kind: 'variant', name: 'Deny', fields: [] }, [f('calls', list)]))?.text).toBe('the chain lets it make any call except SubtensorModule.add_stake, every Utility call');
    expect(proxyFilterText(info({ kind: 'variant', name: 'AllowAll', fields: [] }))?.text).toMatch(/any call/);
    expect(proxyFilterText(int(1n))).toBeNull();
  });
});
