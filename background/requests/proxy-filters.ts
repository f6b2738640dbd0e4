// What each proxy type may do, as the chain itself says: `ProxyFilterRuntimeApi` (newer subtensor
// runtimes; `get_proxy_filters(Option<Vec<u8>>)` or `get_proxy_filter(Option<u8>)`), called with
// None (every type) and decoded with the runtime's own metadata types. A runtime without it gets
// the wallet's own text (src/chain/risk.ts) and this returns nothing.
import type { ApiPromise } from '@polkadot/api';
import { decodeBytesAs, hexToBytes } from '../../src/chain/decode.ts';
import { proxyFilterText } from '../../src/chain/risk.ts';
import { runtimeTypesOf } from './describe.ts';

interface ApiMethodJson {
  name: string;
  inputs: { name: string; type: number }[];
  output: number;
}

const cache = new WeakMap<ApiPromise, Promise<Record<string, string>>>();

function filterMethod(api: ApiPromise): ApiMethodJson | undefined {
  const apis = (api.registry.metadata.toJSON() as { apis?: { name: string; methods: ApiMethodJson[] }[] }).apis ?? [];
  const methods = apis.find((a) => a.name === 'ProxyFilterRuntimeApi')?.methods ?? [];
  return methods.find((m) => m.name === 'get_proxy_filters') ?? methods.find((m) => m.name === 'get_proxy_filter');
}

async function read(api: ApiPromise): Promise<Record<string, string>> {
  const method = filterMethod(api);
  if (!method || method.inputs.length !== 1) return {};
  // The one argument is an Option (of the type index or a list of them): None asks for every type.
  const reply = await api.rpc.state.call(`ProxyFilterRuntimeApi_${method.name}`, '0x00');
  const decoded = decodeBytesAs(runtimeTypesOf(api.registry), method.output, hexToBytes(reply.toHex()));
  const infos = decoded.kind === 'list' ? decoded.items : [decoded];
  const out: Record<string, string> = {};
  for (const info of infos) {
    const text = proxyFilterText(info);
    if (text) out[text.name] = text.text;
  }
  return out;
}

/** Proxy type name -> what the chain lets it do, in words; empty when the runtime does not say. */
export function proxyFilters(api: ApiPromise): Promise<Record<string, string>> {
  let known = cache.get(api);
  if (!known) {
    known = read(api).catch(() => ({}));
    cache.set(api, known);
  }
  return known;
}

/** Whether the runtime has the proxy filter API at all (no call made when it does not). */
export function hasProxyFilters(api: ApiPromise): boolean {
  return filterMethod(api) !== undefined;
}
