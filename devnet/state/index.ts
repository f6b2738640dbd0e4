/**
 * The devnet's chain state and rules (simulated from the staking spec; see types.ts). The RPC
 * node imports from here.
 */
export type * from './types.ts';
export { createGenesisState, DEV_ACCOUNTS, DEV_BALANCES, DEV_PHRASE, BLOCK_AUTHOR, WHALE, NOMINATORS, VALIDATORS, VALIDATOR_OWNERS, ownerAccount, SUBNET_SPECS, subnetAccountId, devAccount, validator, type DevAccount, type DevName, type Validator } from './genesis.ts';
export { dispatch, isSupportedCall, SUPPORTED_CALLS, maxAmountAdd, maxAmountRemove, maxAmountMove, minStakeAmount, toAccountId } from './staking.ts';
export { transactionFee, feeDetails, callWeight, chargeTransactionFee, type FeeCharge, type FeeDetails, type CallWeight } from './fees.ts';
export * from './queries.ts';
export { cloneState, overwriteState, SnapshotHistory, DEFAULT_SNAPSHOT_CAPACITY } from './clone.ts';
export { setPool, frontRun, fund, drain, migratePools, ControlError, type PoolOverride } from './controls.ts';
export { EXISTENTIAL_DEPOSIT } from './balances.ts';
export { poolKey, parsePoolKey, shareValue } from './stake-pools.ts';
export { CallArgumentError, DispatchFailure } from './errors.ts';
