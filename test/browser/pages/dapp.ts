// A small dApp as stakers' sites are built: @polkadot/extension-dapp to find the wallet and
// @polkadot/api against the chain. Bundled as an IIFE by the browser test (vite build API) and
// served on 127.0.0.1; the test drives it through `window.dapp`.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { web3Accounts, web3AccountsSubscribe, web3Enable, web3FromSource } from '@polkadot/extension-dapp';
import { stringToHex } from '@polkadot/util';

let api: ApiPromise | undefined;

async function signer() {
  return (await web3FromSource('taostake')).signer;
}

const dapp = {
  /** web3Enable: the names of the extensions that let this page in. */
  async enable(appName: string): Promise<string[]> {
    const extensions = await web3Enable(appName);
    return extensions.map((e) => e.name);
  },
  async accounts(genesisHash?: string) {
    const list = await web3Accounts({ ss58Format: 42, ...(genesisHash ? { genesisHash } : {}) });
    return list.map((a) => ({ address: a.address, name: a.meta.name ?? null, source: a.meta.source, genesisHash: a.meta.genesisHash ?? null }));
  },
  /** web3AccountsSubscribe: every list the wallet pushes lands in `seen` (latest last). */
  seen: [] as string[][],
  async watchAccounts(): Promise<void> {
    await web3AccountsSubscribe(
      (list) => {
        dapp.seen.push(list.map((a) => a.address));
      },
      { ss58Format: 42 },
    );
  },
  async metadata() {
    const ext = await web3FromSource('taostake');
    return ext.metadata?.get();
  },
  async connect(url: string): Promise<string> {
    api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
    return api.genesisHash.toHex();
  },
  /** add_stake_limit signed by the wallet and submitted by the page; resolves when it is in a block. */
  async stake(from: string, hotkey: string, netuid: number, amount: string, limitPrice: string, metadataHash?: string) {
    if (!api) throw new Error('connect first');
    const tx = api.tx.subtensorModule!.addStakeLimit!(hotkey, netuid, amount, limitPrice, false);
    const options = { signer: await signer(), nonce: -1, ...(metadataHash ? { mode: 1, metadataHash } : {}) };
    return new Promise<{ blockHash: string; events: { name: string; data: unknown }[] }>((resolve, reject) => {
      tx.signAndSend(from, options as never, (result) => {
        console.info(`dapp: transaction ${result.status.type}`);
        if (result.isError) reject(new Error(`transaction ${result.status.type}`));
        // The devnet announces InBlock (with events) before Finalized, as a node does.
        if (result.status.isFinalized && !result.status.isInBlock) reject(new Error('Finalized arrived without InBlock'));
        if (result.status.isInBlock) {
          resolve({
            blockHash: result.status.asInBlock.toHex(),
            events: result.events.map(({ event }) => ({ name: `${event.section}.${event.method}`, data: event.data.toJSON() })),
          });
        }
      }).catch(reject);
    });
  },
  /** Signs (does not send) proxy.addProxy(delegate, proxyType, 0) through the wallet. */
  async addProxy(from: string, delegate: string, proxyType: string) {
    if (!api) throw new Error('connect first');
    const tx = api.tx.proxy!.addProxy!(delegate, proxyType as never, 0);
    await tx.signAsync(from, { signer: await signer(), nonce: -1 });
    return tx.toHex();
  },
  /** Signs (does not send) subtensorModule.claimRootWithHotkey(hotkey), as a staking site's "claim" button would. */
  async claimRoot(from: string, hotkey: string) {
    if (!api) throw new Error('connect first');
    const tx = api.tx.subtensorModule!.claimRootWithHotkey!(hotkey);
    await tx.signAsync(from, { signer: await signer(), nonce: -1 });
    return tx.toHex();
  },
  /** Signs (does not send) utility.batchAll of a stake, a transfer, and a proxy.proxy wrapping unstake_all. */
  async batchAll(from: string, hotkey: string, real: string) {
    if (!api) throw new Error('connect first');
    const tx = api.tx.utility!.batchAll!([
      api.tx.subtensorModule!.addStakeLimit!(hotkey, 1, '1000000000', '2000000000', false),
      api.tx.balances!.transferKeepAlive!(real, '2500000000'),
      api.tx.proxy!.proxy!(real, null, api.tx.subtensorModule!.unstakeAll!(hotkey)),
    ]);
    await tx.signAsync(from, { signer: await signer(), nonce: -1 });
    return tx.toHex();
  },
  /**
   * signer.signPayload with the payload polkadot-js builds for a transfer plus a field the wallet
   * has never heard of; resolves with what was asked and the answer.
   */
  async signWithExtraField(from: string, dest: string) {
    if (!api) throw new Error('connect first');
    const tx = api.tx.balances!.transferKeepAlive!(dest, '1000000000');
    const header = await api.rpc.chain.getHeader();
    const nonce = await api.rpc.system.accountNextIndex(from);
    const payload = api.registry.createType('SignerPayload', {
      address: from, blockHash: header.hash, blockNumber: header.number, era: api.registry.createType('ExtrinsicEra', { current: header.number, period: 64 }),
      genesisHash: api.genesisHash, method: tx.method, nonce, runtimeVersion: api.runtimeVersion, signedExtensions: api.registry.signedExtensions, version: api.extrinsicVersion, tip: 0,
    }).toPayload();
    const asked = { ...payload, futureField: 'added by a newer polkadot-js' };
    const result = await (await signer()).signPayload!(asked as never);
    return { payload, result };
  },
  async signRaw(address: string, text: string) {
    const s = await signer();
    return s.signRaw!({ address, data: stringToHex(text), type: 'bytes' });
  },
};

(window as unknown as { dapp: typeof dapp }).dapp = dapp;
