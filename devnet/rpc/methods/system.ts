/** system_*, rpc_methods and payment_*: node facts, nonces, fee queries. */
import { feeDetails } from '../../state/fees.ts';
import { decodeCall, decodeExtrinsic } from '../extrinsic.ts';
import { parseAccount } from '../node.ts';
import type { MethodContext, MethodTable } from './types.ts';

export const CHAIN_NAME = 'TaoStake Devnet';
export const NODE_NAME = 'taostake-devnet';
export const NODE_VERSION = '0.1.0';

export const systemMethods: MethodTable = {
  system_chain: () => CHAIN_NAME,
  system_name: () => NODE_NAME,
  system_version: () => NODE_VERSION,
  system_chainType: () => 'Development',
  system_properties: () => ({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' }),
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  system_localPeerId: () => '12D3KooWDevnetDevnetDevnetDevnetDevnetDevnetDevnet1',
  system_localListenAddresses: () => [],
  system_nodeRoles: () => ['Full'],
  system_peers: () => [],
  system_syncState: (_p, { node }) => ({ startingBlock: 0, currentBlock: node.chain.head.number, highestBlock: node.chain.head.number }),
  system_accountNextIndex: ([who], { node }) => node.chain.nextIndex(parseAccount(who)),
  account_nextIndex: ([who], { node }) => node.chain.nextIndex(parseAccount(who)),
};

/** Both answers come from the same fee model the block builder charges (devnet/state/fees.ts). */
function feeOf(hex: unknown, node: MethodContext['node'], at: unknown) {
  const { ext, bytes } = decodeExtrinsic(node.blockAt(at).runtime.meta, hex);
  return { details: feeDetails(bytes.length, decodeCall(ext.method)), tip: ext.tip.toBigInt() };
}

export const paymentMethods: MethodTable = {
  payment_queryInfo: ([hex, at], { node }) => {
    const { details: d } = feeOf(hex, node, at);
    return {
      weight: { refTime: Number(d.weight.refTime), proofSize: Number(d.weight.proofSize) },
      class: 'normal',
      partialFee: (d.baseFee + d.lenFee + d.adjustedWeightFee).toString(),
    };
  },
  payment_queryFeeDetails: ([hex, at], { node }) => {
    const { details: d, tip } = feeOf(hex, node, at);
    return {
      inclusionFee: { baseFee: d.baseFee.toString(), lenFee: d.lenFee.toString(), adjustedWeightFee: d.adjustedWeightFee.toString() },
      tip: tip.toString(),
    };
  },
};
