/**
 * Writes test/fixtures/superellipse.json: every numeric assertion of the chain's own superellipse
 * tests (RaoFoundation/subtensor pallets/swap: superellipse.rs, migration_tests.rs, tests.rs), each
 * with its source file and test name, plus the exact value behind every tolerance check. Values
 * come from the slow reference (src/amm/superellipse-reference.ts), never from the fast module the
 * fixture tests. Run: npx tsx scripts/superellipse-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import type { SuperellipseCurve } from '../src/amm/superellipse.ts';
import {
  ReferenceError,
  refBaseDeltaToPrice,
  refBuyOutput,
  refFromWeights,
  refInputNeeded,
  refMaxInput,
  refPrice,
  refQuoteDeltaToPrice,
  refSellOutput,
  refSwap,
} from '../src/amm/superellipse-reference.ts';

const SE = 'pallets/swap/src/pallet/superellipse.rs';
const MIG = 'pallets/swap/src/pallet/migration_tests.rs';
const TESTS = 'pallets/swap/src/pallet/tests.rs';
const PCT = 10n ** 16n;
const U64_MAX = (1n << 64n) - 1n;

/** U64F64::from_num(f64): the double's exact value times 2⁶⁴, rounded half to even. */
export function f64Bits(v: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const raw = view.getBigUint64(0);
  const exp = Number((raw >> 52n) & 0x7ffn);
  const mant = (raw & ((1n << 52n) - 1n)) | (exp === 0 ? 0n : 1n << 52n);
  const shift = BigInt(exp === 0 ? 1 : exp) - 1075n + 64n; // value·2⁶⁴ = mant·2^shift
  if (shift >= 0n) return mant << shift;
  const q = mant >> -shift;
  const rem = mant - (q << -shift);
  const half = 1n << (-shift - 1n);
  return rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
const s = (v: bigint): string => v.toString();
const curveJson = (c: SuperellipseCurve): Json => ({ alphaScale: s(c.alphaScale), taoScale: s(c.taoScale), centerAlpha: s(c.centerAlpha), centerTao: s(c.centerTao) });

function attempt(f: () => bigint): Json {
  try {
    return s(f());
  } catch (e) {
    if (e instanceof ReferenceError) return { error: e.code };
    throw e;
  }
}

const cases: Json[] = [];
interface Base {
  source: string;
  test: string;
  /** What the chain's test asserts about this value, in its own terms. */
  chain: string;
}
/** A curve-level case: the curve is from_weights(alpha, tao, weight), optionally translated. */
function curveCase(base: Base, op: string, alpha: bigint, tao: bigint, weight: bigint, args: Record<string, bigint>, f: (c: SuperellipseCurve) => bigint, translate?: [bigint, bigint]): void {
  let c = refFromWeights(alpha, tao, weight);
  if (translate) c = { ...c, centerAlpha: c.centerAlpha + (translate[0] << 32n), centerTao: c.centerTao + (translate[1] << 32n) };
  const a = translate ? alpha + translate[0] : alpha;
  const t = translate ? tao + translate[1] : tao;
  cases.push({
    ...base,
    op,
    weight: s(weight),
    ...(translate ? { translate: [s(translate[0]), s(translate[1])] } : {}),
    alpha: s(a),
    tao: s(t),
    args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, s(v)])),
    curve: curveJson(c),
    expect: attempt(() => f(c)),
  });
}

// ---- superellipse.rs

for (const root of [1n, 2n, 100n, U64_MAX, (1n << 128n) - 1n]) {
  for (const [d, want] of [[0n, root], [-1n, root - 1n], [1n, root]] as const) {
    cases.push({ source: SE, test: 'sqrt_is_exact_at_extremes_and_neighbors', chain: 'assert_eq!(sqrt_floor(value), root)', op: 'sqrt', value: s(root * root + d), expect: s(want) });
  }
}
cases.push({ source: SE, test: 'sqrt_is_exact_at_extremes_and_neighbors', chain: 'assert_eq!(sqrt_floor(U512::MAX), 2^256 - 1)', op: 'sqrt', value: s((1n << 512n) - 1n), expect: s((1n << 256n) - 1n) });

{
  const [alpha, tao] = [10_000_000_000_000n, 500_000_000_000n];
  for (const pct of [1n, 10n, 30n, 50n, 70n, 90n, 99n]) {
    const w = pct * PCT;
    const test = 'baseline_preserves_price_and_local_sensitivity (calibration_preserves_price_and_local_sensitivity in 0249a4a4)';
    curveCase({ source: SE, test, chain: 'price within 1e-12 relative of (1-w)·tao/(w·alpha)' }, 'price', alpha, tao, w, {}, (c) => refPrice(c, alpha, tao));
    curveCase({ source: SE, test, chain: 'buy of 100_000: ln(price ratio)/input within 1e-4 relative of 1/((1-w)·tao)' }, 'buy', alpha, tao, w, { input: 100_000n }, (c) => refBuyOutput(c, alpha, tao, 100_000n));
    curveCase({ source: SE, test, chain: 'price after that buy (for the slope)' }, 'price', alpha, tao, w, { alphaOut: 0n }, (c) => refPrice(c, alpha - refBuyOutput(c, alpha, tao, 100_000n), tao + 100_000n));
    curveCase({ source: SE, test, chain: 'sell of 1_000_000: -ln(price ratio)/input within 1e-4 relative of 1/(w·alpha) (61cafd40)' }, 'sell', alpha, tao, w, { input: 1_000_000n }, (c) => refSellOutput(c, alpha, tao, 1_000_000n));
  }
}

{
  const [alpha, tao, w] = [10_000_000n, 500_000n, 50n * PCT];
  const test = 'buys_and_sells_follow_ellipse_and_round_in_pools_favor';
  for (const input of [0n, 1n, 100n, 1_000n, 100_000n]) {
    curveCase({ source: SE, test, chain: 'assert_eq!(output, floor(alpha·(sqrt(2-(1-input/tao)²)-1)))' }, 'buy', alpha, tao, w, { input }, (c) => refBuyOutput(c, alpha, tao, input));
  }
  for (const input of [1n, 100n, 1_000n, 100_000n]) {
    curveCase({ source: SE, test, chain: 'sold output; buying it back returns at most the input' }, 'sell', alpha, tao, w, { input }, (c) => refSellOutput(c, alpha, tao, input));
  }
  const limits = 'price_limits_are_conservative_and_maximal';
  curveCase({ source: SE, test: limits, chain: 'price after input <= 0.06 and after input+1 > 0.06' }, 'quoteDelta', alpha, tao, w, { target: f64Bits(0.06) }, (c) => refQuoteDeltaToPrice(c, alpha, tao, f64Bits(0.06)));
  curveCase({ source: SE, test: limits, chain: 'price after input >= 0.04 and after input+1 < 0.04' }, 'baseDelta', alpha, tao, w, { target: f64Bits(0.04) }, (c) => refBaseDeltaToPrice(c, alpha, tao, f64Bits(0.04)));
  for (const output of [1n, 10n, 1_000n, 100_000n]) {
    curveCase({ source: SE, test: 'inverse_quote_rounds_input_up', chain: 'sell(input) >= output and sell(input-1) < output' }, 'baseNeeded', alpha, tao, w, { output }, (c) => refInputNeeded(c, alpha, tao, output, false));
    curveCase({ source: SE, test: 'inverse_buy_quote_is_minimal_and_preserves_rounding', chain: 'buy(input) >= output and buy(input-1) < output (61cafd40)' }, 'quoteNeeded', alpha, tao, w, { output }, (c) => refInputNeeded(c, alpha, tao, output, true));
  }
  curveCase({ source: SE, test: 'inverse_buy_quote_is_minimal_and_preserves_rounding', chain: 'assert_eq!(quote_needed_for_base(0), 0)' }, 'quoteNeeded', alpha, tao, w, { output: 0n }, () => 0n);
  curveCase({ source: SE, test: 'inverse_buy_quote_is_minimal_and_preserves_rounding', chain: 'Err(InsufficientReserves) for alpha+1' }, 'quoteNeeded', alpha, tao, w, { output: alpha + 1n }, (c) => refInputNeeded(c, alpha, tao, alpha + 1n, true));
  curveCase({ source: SE, test: 'inverse_buy_quote_is_minimal_and_preserves_rounding', chain: 'Err(OutsideDomain) for alpha' }, 'quoteNeeded', alpha, tao, w, { output: alpha }, (c) => refInputNeeded(c, alpha, tao, alpha, true));
  const inj = 'injections_preserve_price_and_trade_response';
  curveCase({ source: SE, test: inj, chain: 'price before the injection' }, 'price', alpha, tao, w, {}, (c) => refPrice(c, alpha, tao));
  curveCase({ source: SE, test: inj, chain: 'assert_eq!(price after translating by (7_000_000, 900_000), price before)' }, 'price', alpha, tao, w, {}, (c) => refPrice(c, alpha + 7_000_000n, tao + 900_000n), [7_000_000n, 900_000n]);
  curveCase({ source: SE, test: inj, chain: 'buy of 1_000 before the injection' }, 'buy', alpha, tao, w, { input: 1_000n }, (c) => refBuyOutput(c, alpha, tao, 1_000n));
  curveCase({ source: SE, test: inj, chain: 'assert_eq!(buy of 1_000 after, buy before)' }, 'buy', alpha, tao, w, { input: 1_000n }, (c) => refBuyOutput(c, alpha + 7_000_000n, tao + 900_000n, 1_000n), [7_000_000n, 900_000n]);
}

{
  const test = 'domain_and_physical_reserves_are_enforced';
  const w = 50n * PCT;
  curveCase({ source: SE, test, chain: 'assert_eq!(max_buy_input, 999)' }, 'maxBuy', 10_000n, 1_000n, w, { floor: 0n }, (c) => refMaxInput(c, 10_000n, 1_000n, true));
  curveCase({ source: SE, test, chain: 'assert_eq!(buy_output(1_000), Err(OutsideDomain))' }, 'buy', 10_000n, 1_000n, w, { input: 1_000n }, (c) => refBuyOutput(c, 10_000n, 1_000n, 1_000n));
  curveCase({ source: SE, test, chain: 'assert_eq!(max_sell_input, 9_999)' }, 'maxSell', 10_000n, 1_000n, w, { floor: 0n }, (c) => refMaxInput(c, 10_000n, 1_000n, false));
  curveCase({ source: SE, test, chain: 'unbalanced (1%): sell(max) <= 1_000 and sell(max+1) is an error' }, 'maxSell', 10_000n, 1_000n, PCT, { floor: 0n }, (c) => refMaxInput(c, 10_000n, 1_000n, false));
}

{
  const test = 'reserve_floors_are_enforced_at_the_exact_integer_boundary';
  const [alpha, tao] = [10_000n, 1_000n];
  for (const pct of [1n, 10n, 50n, 90n, 99n]) {
    for (const floor of [0n, 1n, 100n, 1_000n]) {
      curveCase({ source: SE, test, chain: 'bought <= alpha-floor; buy(max+1) errs or pays more' }, 'maxBuy', alpha, tao, pct * PCT, { floor }, (c) => refMaxInput(c, alpha, tao, true, floor));
      curveCase({ source: SE, test, chain: 'sold <= tao-floor; sell(max+1) errs or pays more' }, 'maxSell', alpha, tao, pct * PCT, { floor }, (c) => refMaxInput(c, alpha, tao, false, floor));
    }
    curveCase({ source: SE, test, chain: 'Err(InsufficientReserves) for floor alpha+1' }, 'maxBuy', alpha, tao, pct * PCT, { floor: alpha + 1n }, (c) => refMaxInput(c, alpha, tao, true, alpha + 1n));
    curveCase({ source: SE, test, chain: 'Err(InsufficientReserves) for floor tao+1' }, 'maxSell', alpha, tao, pct * PCT, { floor: tao + 1n }, (c) => refMaxInput(c, alpha, tao, false, tao + 1n));
  }
}

{
  const test = 'extreme_balances_and_invalid_initialization';
  for (const [alpha, tao] of [[1n, 1n], [U64_MAX - 1_000n, U64_MAX - 1_000n], [U64_MAX, 1n]] as const) {
    curveCase({ source: SE, test, chain: 'calculate_price is Ok' }, 'price', alpha, tao, 50n * PCT, {}, (c) => refPrice(c, alpha, tao));
    if (alpha > 1n && alpha !== U64_MAX) curveCase({ source: SE, test, chain: 'sell_output(1) is Ok' }, 'sell', alpha, tao, 50n * PCT, { input: 1n }, (c) => refSellOutput(c, alpha, tao, 1n));
  }
  cases.push({ source: SE, test, chain: 'from_weights(0, 1, 50%) = Err(InvalidParameters)', op: 'fromWeights', alpha: '0', tao: '1', weight: s(50n * PCT), expect: { error: 'InvalidParameters' } });
  cases.push({ source: SE, test, chain: 'from_weights(1, 1, 0%) = Err(InvalidParameters)', op: 'fromWeights', alpha: '1', tao: '1', weight: '0', expect: { error: 'InvalidParameters' } });
  // U512 overflow is outside the reference's scope: the chain's u64 check on tao + input fails first.
  curveCase({ source: SE, test, chain: 'buy_output(u64::MAX, u64::MAX, 1) = Err(Overflow)' }, 'buy', U64_MAX, U64_MAX, 50n * PCT, { input: 1n }, (c) => refBuyOutput(c, U64_MAX, U64_MAX, 1n));
}

// ---- migration_tests.rs

{
  const [x, y] = [10_000_000_000_000_000n, 500_000_000_000_000n];
  for (const parts of [10n, 500n, 990n]) {
    const w = parts * 10n ** 15n; // Perquintill::from_rational(parts, 1000)
    const test = 'migration_preserves_price_balances_and_local_calibration_for_extreme_weights';
    curveCase({ source: MIG, test, chain: 'assert_eq!(ellipse, from_balancer(x, y, quote)); price within 1e-10 relative of the Balancer price' }, 'price', x, y, w, {}, (c) => refPrice(c, x, y));
    curveCase({ source: MIG, test, chain: 'buy of 100_000_000: ln(price ratio)/q within 1e-3 relative of 1/((1-w)·y) (0249a4a4)' }, 'buy', x, y, w, { input: 100_000_000n }, (c) => refBuyOutput(c, x, y, 100_000_000n));
  }
  const [alpha, tao] = [2_880_603_110_475_064n, 203_305_249_479_705n];
  const deep = 'migration_and_lazy_initialization_preserve_deep_pool_sensitivity_and_capacity';
  curveCase({ source: MIG, test: deep, chain: 'assert_eq!(max_buy_input, tao - 1)' }, 'maxBuy', alpha, tao, 50n * PCT, { floor: 0n }, (c) => refMaxInput(c, alpha, tao, true));
  curveCase({ source: MIG, test: deep, chain: 'buy of 500 TAO: the price rises by less than 1%' }, 'buy', alpha, tao, 50n * PCT, { input: 500_000_000_000n }, (c) => refBuyOutput(c, alpha, tao, 500_000_000_000n));
  curveCase({ source: MIG, test: deep, chain: 'sell of 500e9 alpha (quote kept by extraction)' }, 'sell', alpha, tao, 50n * PCT, { input: 500_000_000_000n }, (c) => refSellOutput(c, alpha, tao, 500_000_000_000n));
  curveCase({ source: MIG, test: 'reserve_extraction_preserves_price_quotes_and_is_idempotent', chain: 'sell of 1e9 before extraction' }, 'sell', alpha, tao, 50n * PCT, { input: 1_000_000_000n }, (c) => refSellOutput(c, alpha, tao, 1_000_000_000n));
}

// ---- tests.rs (pallet swap path; the mock runtime: MinimumReserve 1, FeeRate 33 unless set)

function swapCase(test: string, chain: string, p: { alpha: bigint; tao: bigint; weight?: bigint; feeRate?: bigint; minReserve?: bigint; translate?: [bigint, bigint] }, buy: boolean, amount: bigint, limitBits: bigint, dropFees: boolean): void {
  const weight = p.weight ?? 50n * PCT;
  let curve = refFromWeights(p.alpha, p.tao, weight);
  let [alpha, tao] = [p.alpha, p.tao];
  if (p.translate) {
    curve = { ...curve, centerAlpha: curve.centerAlpha + (p.translate[0] << 32n), centerTao: curve.centerTao + (p.translate[1] << 32n) };
    [alpha, tao] = [alpha + p.translate[0], tao + p.translate[1]];
  }
  const feeRate = p.feeRate ?? 33n;
  const minReserve = p.minReserve ?? 1n;
  const r = refSwap({ alpha, tao, curve, feeRate, minReserve }, buy, amount, limitBits, dropFees);
  cases.push({
    source: TESTS,
    test,
    chain,
    op: 'swap',
    alpha: s(alpha),
    tao: s(tao),
    weight: s(weight),
    curve: curveJson(curve),
    feeRate: Number(feeRate),
    minReserve: s(minReserve),
    order: buy ? 'buy' : 'sell',
    amount: s(amount),
    limitBits: s(limitBits),
    dropFees,
    expect: 'error' in r ? { error: r.error } : { amountIn: s(r.amountIn), amountOut: s(r.amountOut), fee: s(r.fee) },
  });
}

{
  const base = { alpha: 4_000_000_000n, tao: 1_000_000_000n };
  for (const amount of [1_000n, 2_000n, 123_456n]) swapCase('test_swap_basic', 'output within 1 of the f64 ellipse; paid in = amount - fee', base, true, amount, f64Bits(1000.0), false);
  for (const amount of [1_000n, 2_000n, 123_456n]) swapCase('test_swap_basic', 'output within 1 of the f64 ellipse; paid in = amount - fee', base, false, amount, f64Bits(0.0001), false);
  for (const amount of [10_000_000n, 100_000_000n]) swapCase('test_swap_basic', 'output within 1 of the f64 ellipse; paid in = amount - fee', base, true, amount, f64Bits(1000.0), false);
  const minPrice = (1_000n << 128n) / (1_000_000_000n << 64n);
  const maxPrice = (1_000_000_000_000_000n << 128n) / (1_000_000_000n << 64n);
  swapCase('test_swap_precision_edge_case', 'amount_paid_out > 0', { alpha: 1_000n, tao: 1_000n }, false, 999_500n, minPrice, false);
  swapCase('test_swap_precision_edge_case', 'amount_paid_out > 0', { alpha: 1_000_000n, tao: 1_000_000n }, false, 999_500_000n, minPrice, false);
  swapCase('test_swap_rejects_input_over_1000x_input_reserve', 'Err(SwapInputTooLarge)', { alpha: 1_000n, tao: 1_000n }, false, 1_000_001n, minPrice, true);
  swapCase('test_swap_rejects_input_over_1000x_input_reserve', 'Err(SwapInputTooLarge)', { alpha: 1_000n, tao: 1_000n }, true, 1_000_001n, maxPrice, true);
  swapCase('test_sim_swap_rejects_input_over_1000x_input_reserve', 'Err(SwapInputTooLarge) (fee 33 still leaves > 1000x)', { alpha: 1_000n, tao: 1_000n }, false, 1_001_000n, minPrice, false);
  swapCase('test_sim_swap_rejects_input_over_1000x_input_reserve', 'Err(SwapInputTooLarge) (fee 33 still leaves > 1000x)', { alpha: 1_000n, tao: 1_000n }, true, 1_001_000n, maxPrice, false);
  swapCase('test_swap_allows_input_at_1000x_input_reserve', 'Ok', { alpha: 1_000n, tao: 1_000n }, false, 1_000_000n, minPrice, true);
  swapCase('test_swap_allows_input_at_1000x_input_reserve', 'Ok', { alpha: 1_000n, tao: 1_000n }, true, 1_000_000n, maxPrice, true);
  const small = { alpha: 4_000_000n, tao: 1_000_000n };
  swapCase('test_oversized_orders_partial_fill_before_curve_endpoint', '0 < paid in < 1e6, 0 < out < 4e6, end price Ok', small, true, 10_000_000n, maxPrice, true);
  swapCase('test_oversized_orders_partial_fill_before_curve_endpoint', '0 < paid in < 4e6, 0 < out < 1e6, end price Ok', small, false, 40_000_000n, minPrice, true);
  const big = { alpha: 10n, tao: U64_MAX / 2n };
  const bigCurve = refFromWeights(big.alpha, big.tao, 50n * PCT);
  swapCase('test_large_full_target_price_does_not_prevent_finite_limit_fill', 'out > 0, paid in < tao, end price <= limit (limit = 2 x current)', big, true, big.tao, refPrice(bigCurve, big.alpha, big.tao) * 2n, true);
  const fee = { alpha: 4_000_000_000n, tao: 1_000_000_000n, feeRate: 1_000n };
  swapCase('test_partial_fill_respects_buy_and_sell_price_limits_and_fees', 'in + fee < 5e8; end price <= 0.3 within 1e-8; fee within 1 of in·r/(65535-r)', fee, true, 500_000_000n, f64Bits(0.3), false);
  swapCase('test_partial_fill_respects_buy_and_sell_price_limits_and_fees', 'in + fee < 2e9; end price >= 0.2 within 1e-8; fee within 1 of in·r/(65535-r)', fee, false, 2_000_000_000n, f64Bits(0.2), false);
  swapCase('test_simulation_does_not_initialize_or_mutate_curve', 'out > 0; the same quote before and after initialisation', base, true, 1_000_000n, maxPrice, false);
  swapCase('test_rollback_works', 'simulated == executed (mock default reserves 1e12 TAO, 4e12 alpha)', { alpha: 4_000_000_000_000n, tao: 1_000_000_000_000n }, true, 1_000_000n, U64_MAX << 64n, false);
  for (const [td, ad] of [[0n, 0n], [1n, 0n], [0n, 1n], [200_000n, 1_000n], [1_000n, 200_000n], [1_000_000_000_000n, 2_000_000_000_000n]] as const) {
    const [alpha, tao] = [4_000_000_000_000n, 1_000_000_000_000n];
    const test = 'test_adjust_protocol_liquidity_preserves_price_and_curve_scale';
    curveCase({ source: TESTS, test, chain: 'price after the injection within 1e-12 (absolute) of the price before' }, 'price', alpha, tao, 50n * PCT, {}, (c) => refPrice(c, alpha + ad, tao + td), [ad, td]);
    curveCase({ source: TESTS, test, chain: 'assert_eq!(buy of 1_000_000 after, buy before)' }, 'buy', alpha, tao, 50n * PCT, { input: 1_000_000n }, (c) => refBuyOutput(c, alpha + ad, tao + td, 1_000_000n), [ad, td]);
  }
  curveCase({ source: TESTS, test: 'test_adjust_protocol_liquidity_activates_pending_reservoirs', chain: 'price after activating (20_400 alpha, 200_300 TAO) within 1e-9 of the price before' }, 'price', 1_000_000n, 1_000_000n, 50n * PCT, {}, (c) => refPrice(c, 1_020_400n, 1_200_300n), [20_400n, 200_300n]);
  curveCase({ source: TESTS, test: 'test_empty_pool_initializes_after_funding', chain: 'price 0.25 within 1e-9' }, 'price', 4_000_000n, 1_000_000n, 50n * PCT, {}, (c) => refPrice(c, 4_000_000n, 1_000_000n));
  curveCase({ source: TESTS, test: 'test_swap_initialization', chain: 'price 0.25 within 1e-9' }, 'price', 4_000_000_000n, 1_000_000_000n, 50n * PCT, {}, (c) => refPrice(c, 4_000_000_000n, 1_000_000_000n));
  for (const [tao, alpha] of [[1_000_000n, 1_500_000n], [1_000_000_000n, 4_000_000_000n], [500_000_000_000_000n, 10_000_000_000_000_000n]] as const) {
    for (const wf of [0.1, 0.49999999, 0.5, 0.50000001, 0.9]) {
      const w = BigInt(Math.trunc(wf * 1e9)) * 1_000_000_000n; // Perquintill::from_rational((w·1e9) as u128, 1e9)
      const test = 'test_convert_deltas_matches_independent_ellipse_reference';
      for (const input of [1n, 100n, tao / 100n, tao / 20n]) curveCase({ source: TESTS, test, chain: `buy within 16 of the f64 ellipse (weight ${wf})` }, 'buy', alpha, tao, w, { input }, (c) => refBuyOutput(c, alpha, tao, input));
      for (const input of [1n, 100n, alpha / 100n, alpha / 20n]) curveCase({ source: TESTS, test, chain: `sell within 16 of the f64 ellipse (weight ${wf})` }, 'sell', alpha, tao, w, { input }, (c) => refSellOutput(c, alpha, tao, input));
    }
  }
}

const out = {
  about:
    'Every numeric assertion of the chain\'s superellipse tests (RaoFoundation/subtensor pallets/swap at 0249a4a4 and 61cafd40), with the exact value behind each tolerance. Generated by scripts/superellipse-vectors.ts from the slow reference src/amm/superellipse-reference.ts. Amounts in rao, prices as U64F64 bits, weights in Perquintill parts; "chain" says what the chain\'s test checks.',
  cases,
};
writeFileSync(new URL('../test/fixtures/superellipse.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${cases.length} cases`);
