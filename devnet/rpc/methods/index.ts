/** Every RPC method the devnet serves, by name. */
import { authorMethods } from './author.ts';
import { chainMethods } from './chain.ts';
import { devMethods } from './dev.ts';
import { stateMethods } from './state.ts';
import { paymentMethods, systemMethods } from './system.ts';
import type { MethodTable } from './types.ts';

export function allMethods(): MethodTable {
  const table: MethodTable = { ...chainMethods, ...stateMethods, ...authorMethods, ...systemMethods, ...paymentMethods, ...devMethods };
  table['rpc_methods'] = () => ({ version: 1, methods: Object.keys(table).sort() });
  return table;
}
