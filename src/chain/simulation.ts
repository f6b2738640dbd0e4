/**
 * The cross-check before signing: the wallet's AMM quote against the chain's own
 * SwapRuntimeApi.sim_swap_* at the same block, with every difference said in words.
 */
import { formatAmount } from '../amount.ts';
import type { SwapQuote } from '../amm/index.ts';
import type { SimulationView } from '../protocol/chain.ts';

/** Shown on the review when the runtime's metadata offers no sim_swap_* to cross-check the preview with. */
export const NO_SIMULATION = 'This chain offers no simulation; the preview is the wallet\'s own model.';
/** Shown when the runtime offers it but the node's answer could not be read. */
export const SIMULATION_UNREADABLE = 'The chain\'s simulation could not be read just now; the preview is the wallet\'s own model.';

/** SimSwapResult of the chain, already mapped to the quote's direction. */
export type ChainSim = SwapQuote;

/** An all-zero SimSwapResult is how the runtime reports a failed simulation (spec §15.1). */
export function simFailed(sim: ChainSim): boolean {
  return sim.amountIn === 0n && sim.amountOut === 0n && sim.fee === 0n;
}

const FIELD_WORDS: Record<'amountIn' | 'amountOut' | 'fee', string> = {
  amountIn: 'amount swapped (after the fee)',
  amountOut: 'amount received',
  fee: 'swap fee',
};

/**
 * Compares the local quote with the chain's simulation. `local` is null when the local model
 * refused the swap (with `localError` saying why).
 */
export function compareSimulation(
  chain: ChainSim,
  local: SwapQuote | null,
  units: { in: string; out: string },
  localError?: string,
): SimulationView {
  const wire = (q: SwapQuote) => ({ amountIn: q.amountIn.toString(), amountOut: q.amountOut.toString(), fee: q.fee.toString() });
  const zero: SwapQuote = { amountIn: 0n, amountOut: 0n, fee: 0n };
  const differences: string[] = [];
  if (!local) {
    if (!simFailed(chain)) differences.push(`The wallet's model refuses this swap (${localError ?? 'error'}), but the chain's simulation executes it.`);
    return { chain: wire(chain), local: wire(zero), differences };
  }
  if (simFailed(chain) && !simFailed(local)) {
    differences.push('The chain\'s simulation refuses this swap (it returned nothing), but the wallet\'s model executes it.');
    return { chain: wire(chain), local: wire(local), differences };
  }
  for (const key of ['amountIn', 'amountOut', 'fee'] as const) {
    const c = chain[key];
    const l = local[key];
    if (c === l) continue;
    const unit = key === 'amountOut' ? units.out : units.in;
    const diff = c > l ? c - l : l - c;
    differences.push(
      `${FIELD_WORDS[key][0]!.toUpperCase()}${FIELD_WORDS[key].slice(1)}: the chain says ${formatAmount(c)} ${unit}, the wallet's model ${formatAmount(l)} ${unit} (${diff} rao ${c > l ? 'more' : 'less'} on chain).`,
    );
  }
  return { chain: wire(chain), local: wire(local), differences };
}
