/**
 * The devnet's genesis: funded dev accounts, thirteen subnets with varied weighted pools, named
 * validators with existing nominations. Fully deterministic: the same state every run, so tests
 * and the README can quote its figures.
 *
 * Simulated figures, realistic in shape: TAO reserves from 5k to 500k TAO, prices from 0.005 to
 * 0.2 TAO per alpha, quote weights at and off 0.5 (including non-round ones that take the
 * chain's series path), two non-default fee rates, one stable subnet, one subnet with its
 * subtoken not yet enabled and one with stake transfers switched off.
 *
 * Invariants the rules keep (tests check them after every call):
 * - totalIssuance = Σ free over all accounts (the TAO behind SubnetTAO sits in each subnet's
 *   pallet account, as on chain);
 * - SubnetAlphaOut[netuid] = Σ TotalHotkeyAlpha[*, netuid].
 */
import { emptyLocks } from './locks.ts';
import { emptyRootClaims } from './root-claims.ts';
import { Keyring } from '@polkadot/keyring';
import { encodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import type { AccountId, AccountInfo, ChainIdentity, ChainState, HotkeyState, SubnetState } from './types.ts';
import { emptyAccount } from './balances.ts';
import { increaseStake, poolKey } from './stake-pools.ts';
import { seedPoolModel } from './pool-models.ts';
import { DEFAULT_RUNTIME, type RuntimeName } from '../profiles.ts';

const TAO = 1_000_000_000n;
const PERQUINTILL = 1_000_000_000_000_000_000n;

/** The well-known Substrate dev phrase behind //Alice etc. (public; never a real secret). */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

export interface DevAccount {
  name: string;
  /** Secret URI relative to the dev phrase, e.g. "//Alice". */
  uri: string;
  /** SS58, prefix 42. */
  address: string;
  /** Public key as lowercase 0x hex: the AccountId used throughout the state. */
  hex: AccountId;
}

/**
 * Public keys of every genesis account (sr25519, dev phrase + URI), precomputed: deriving them
 * costs a PBKDF2 mnemonic stretch per key (about a second for all of them at module load, before
 * the WASM crypto is even ready). genesis.test.ts checks each against the keyring.
 */
export const DEV_PUBLIC_KEYS: Readonly<Record<string, AccountId>> = {
  '//Alice': '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  '//Bob': '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48',
  '//Charlie': '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22',
  '//Dave': '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20',
  '//Eve': '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e',
  '//Ferdie': '0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c',
  '//Quasar': '0xb4e52cf06f0aecefed042bfd1223cdc66abf2f70c5382e1e910026e2f43d7222',
  '//Author': '0x2e8cea69f2229e31a93663029f0375924e39a5eab17f79c0ec0f5886efeea65a',
  '//Whale': '0xf07ba897d0cfdc7fca37509de82aec79736a356352bffbd9c1ac1fbedf986d6b',
  '//Nominator1': '0x44373fda7a2a43fc96694aecdc9c94e672ce9c60497e932568e955cb05b63005',
  '//Nominator2': '0x7ef0e1542212d40833b82efb2986f7366dc34ce002897b9f779c668654cfad15',
  '//Nominator3': '0x5c8f2ee54861f518e27b8dfb3e96725d706812ea5c362c0266e448c6ee21de5a',
  '//Nominator4': '0xf8a9abdddcf392e8c378ae66aff01f6d180c297a19da2a096aaee31eefa4994e',
  '//Nominator5': '0x16feae23789efd0f62de81a016595cb62a63e92c4a646ca831c433d82d0c093d',
  '//Nominator6': '0xd87a25514baa02172e4471a45581f4fb919015ea6b0d07ee1d6fbce6a1478d47',
  '//Nominator7': '0xfaca93b5b88da6ef7896edb93ae1312def0c4b8c9ea96f5d0dde1efe6c98856a',
  '//Nominator8': '0xe62e1ac30469f2edbedd2903360ae45e53ec6c09fe6dacaf2047ed3eb7e3dc6e',
  '//Alice//validator//aurora': '0xf65526e4ebf5b1ae9821dd22846a4be4984b0e34d283bf678410ed41a28aa91a',
  '//Bob//validator//meridian': '0xca7cc973c953ff1019b33331c0e1d97d208c17224dd92e2337e15a8c3c8bdb21',
  '//Charlie//validator//cobalt': '0x14cff2c90edcd995b89a013dec8682323ca6cd565e80e50457b4ec8e23506b02',
  '//Dave//validator//helix': '0x242dd203dca972940f6c9dd66eecd55f134c96174542304e9599d217ff9d4d1d',
  '//Eve//validator//lattice': '0xd4365e32e955633cdcefec4cf3efae7366b2e2f4d313d2b904963a22f738e212',
  '//Ferdie//validator//northwind': '0x4eafbdbc4b799914403a0ce7ba4fd7b8db161611bef986aad632617d873da677',
  '//Quasar//validator//quasar': '0x3c1abb4f0e1677f5a563945cb798e613328df0321786872dcb25a88ac342e455',
};

let keyring: Keyring | undefined;
function devKey(uri: string): DevAccount {
  let hex = DEV_PUBLIC_KEYS[uri];
  if (hex === undefined) {
    // A URI missing from the table (a newly added account) is derived: correct, just slower.
    keyring ??= new Keyring({ type: 'sr25519', ss58Format: 42 });
    hex = u8aToHex(keyring.createFromUri(`${DEV_PHRASE}${uri}`).publicKey) as AccountId;
  }
  return { name: uri, uri, address: encodeAddress(hex, 42), hex };
}

const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
export type DevName = (typeof DEV_NAMES)[number];

/** Genesis free balance of each dev account, in rao. */
export const DEV_BALANCES: Readonly<Record<DevName, bigint>> = {
  Alice: 1_000_000n * TAO,
  Bob: 1_000_000n * TAO,
  Charlie: 250_000n * TAO,
  Dave: 100_000n * TAO,
  Eve: 20_000n * TAO,
  Ferdie: 5_000n * TAO,
};

/** //Alice … //Ferdie (sr25519, dev phrase), in that order. */
export const DEV_ACCOUNTS: readonly DevAccount[] = DEV_NAMES.map((n) => ({ ...devKey(`//${n}`), name: n }));

export function devAccount(name: DevName): DevAccount {
  const found = DEV_ACCOUNTS.find((a) => a.name === name);
  if (found === undefined) throw new Error(`no dev account ${name}`);
  return found;
}

/** The author of every devnet block: receives swap fees and transaction fees. Not a dev account, so dev balances stay easy to reason about. */
export const BLOCK_AUTHOR: DevAccount = { ...devKey('//Author'), name: 'Author' };

/**
 * A large third-party trader with TAO and alpha on every trading subnet (on the subnet owner's
 * hotkey). The `frontRun` test control trades as this account, so a test can move a price
 * before the user's call lands and see the limit protect the user.
 */
export const WHALE: DevAccount = { ...devKey('//Whale'), name: 'Whale' };

/** Other nominators that hold stake at genesis, so share pools have several holders. */
export const NOMINATORS: readonly DevAccount[] = Array.from({ length: 8 }, (_, i) => ({ ...devKey(`//Nominator${i + 1}`), name: `Nominator${i + 1}` }));

/**
 * `PalletId(*b"subtensr").into_sub_account_truncating(netuid as u16)`: "modl" ‖ "subtensr" ‖
 * netuid (u16 LE), zero-padded to 32 bytes. It holds the subnet's TAO reserve (spec §18).
 */
export function subnetAccountId(netuid: number): AccountId {
  const bytes = new Uint8Array(32);
  bytes.set(new TextEncoder().encode('modlsubtensr'), 0);
  bytes[12] = netuid & 0xff;
  bytes[13] = (netuid >> 8) & 0xff;
  return u8aToHex(bytes) as AccountId;
}

/**
 * Coldkeys that own a validator without being dev accounts. Identities belong to coldkeys, so
 * every validator has its own owner coldkey and shows its own name (Alice owns only Aurora).
 */
export const VALIDATOR_OWNERS: readonly DevAccount[] = [{ ...devKey('//Quasar'), name: 'Quasar' }];
export type OwnerName = DevName | 'Quasar';

/** A validator owner coldkey: a dev account or one of VALIDATOR_OWNERS. */
export function ownerAccount(name: OwnerName): DevAccount {
  const found = [...DEV_ACCOUNTS, ...VALIDATOR_OWNERS].find((a) => a.name === name);
  if (found === undefined) throw new Error(`no owner account ${name}`);
  return found;
}

export interface ValidatorSpec {
  slug: string;
  /** Display name: the owner coldkey's on-chain identity (`IdentitiesV2.name`). */
  name: string;
  owner: OwnerName;
  /** Delegate take, parts of 65535. */
  take: number;
  registrations: number[];
}

/** Named validators: hotkey URI `//<Owner>//validator//<slug>`. */
export const VALIDATOR_SPECS: readonly ValidatorSpec[] = [
  { slug: 'aurora', name: 'Aurora Validator', owner: 'Alice', take: 11_796, registrations: [0, 1, 2, 3, 4, 5, 8, 11] },
  { slug: 'meridian', name: 'Meridian Stake', owner: 'Bob', take: 5_898, registrations: [0, 1, 3, 4, 6, 7, 8, 10] },
  { slug: 'cobalt', name: 'Cobalt Labs', owner: 'Charlie', take: 11_796, registrations: [0, 2, 5, 9, 10, 12] },
  { slug: 'helix', name: 'Helix Foundation', owner: 'Dave', take: 3_276, registrations: [1, 2, 3, 6, 8] },
  { slug: 'lattice', name: 'Lattice Node', owner: 'Eve', take: 7_864, registrations: [0, 4, 5, 7, 9, 11] },
  { slug: 'northwind', name: 'Northwind Validators', owner: 'Ferdie', take: 11_796, registrations: [1, 3, 8, 10] },
  { slug: 'quasar', name: 'Quasar Collective', owner: 'Quasar', take: 0, registrations: [2, 6, 7, 9, 12] },
];

export interface Validator extends DevAccount {
  slug: string;
  owner: AccountId;
  take: number;
  registrations: number[];
}

export const VALIDATORS: readonly Validator[] = VALIDATOR_SPECS.map((v) => ({
  ...devKey(`//${v.owner}//validator//${v.slug}`),
  name: v.name,
  slug: v.slug,
  owner: ownerAccount(v.owner).hex,
  take: v.take,
  registrations: [...v.registrations],
}));

export function validator(slug: string): Validator {
  const found = VALIDATORS.find((v) => v.slug === slug);
  if (found === undefined) throw new Error(`no validator ${slug}`);
  return found;
}

export interface SubnetSpec {
  netuid: number;
  name: string;
  symbol: string;
  mechanism: number;
  /** SubnetTAO in whole TAO (root: derived from root stake). */
  taoTao: bigint;
  /** Target spot price, rao per alpha (dynamic only); the alpha reserve is solved from it. */
  priceRao: bigint;
  quoteWeight: bigint;
  feeRate: number;
  tempo: number;
  subtokenEnabled: boolean;
  transferToggle: boolean;
  /** The validator that owns the subnet. */
  owner: string;
}

const HALF = PERQUINTILL / 2n;

export const SUBNET_SPECS: readonly SubnetSpec[] = [
  { netuid: 0, name: 'root', symbol: 'τ', mechanism: 0, taoTao: 0n, priceRao: TAO, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'aurora' },
  { netuid: 1, name: 'Apex', symbol: 'α', mechanism: 1, taoTao: 500_000n, priceRao: 200_000_000n, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'aurora' },
  { netuid: 2, name: 'Beacon', symbol: 'β', mechanism: 1, taoTao: 180_000n, priceRao: 80_000_000n, quoteWeight: 450_000_000_000_000_000n, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'cobalt' },
  { netuid: 3, name: 'Gradient', symbol: 'γ', mechanism: 1, taoTao: 95_000n, priceRao: 50_000_000n, quoteWeight: 499_000_000_000_000_000n, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'helix' },
  { netuid: 4, name: 'Delta Compute', symbol: 'δ', mechanism: 1, taoTao: 42_000n, priceRao: 31_000_000n, quoteWeight: 487_123_456_789_012_345n, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'meridian' },
  { netuid: 5, name: 'Epsilon Storage', symbol: 'ε', mechanism: 1, taoTao: 25_000n, priceRao: 15_000_000n, quoteWeight: 550_000_000_000_000_000n, feeRate: 100, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'lattice' },
  { netuid: 6, name: 'Zeta Vision', symbol: 'ζ', mechanism: 1, taoTao: 12_000n, priceRao: 9_000_000n, quoteWeight: HALF, feeRate: 33, tempo: 99, subtokenEnabled: true, transferToggle: true, owner: 'quasar' },
  { netuid: 7, name: 'Eta Inference', symbol: 'η', mechanism: 1, taoTao: 5_000n, priceRao: 5_000_000n, quoteWeight: 512_700_000_000_000_000n, feeRate: 655, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'meridian' },
  { netuid: 8, name: 'Theta Oracle', symbol: 'θ', mechanism: 1, taoTao: 310_000n, priceRao: 120_000_000n, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'northwind' },
  { netuid: 9, name: 'Iota Text', symbol: 'ι', mechanism: 1, taoTao: 8_000n, priceRao: 6_500_000n, quoteWeight: 462_987_100_000_000_000n, feeRate: 33, tempo: 720, subtokenEnabled: true, transferToggle: false, owner: 'lattice' },
  { netuid: 10, name: 'Kappa Data', symbol: 'κ', mechanism: 1, taoTao: 66_000n, priceRao: 27_000_000n, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'northwind' },
  { netuid: 11, name: 'Mu Stable', symbol: 'μ', mechanism: 0, taoTao: 20_000n, priceRao: TAO, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: true, transferToggle: true, owner: 'aurora' },
  { netuid: 12, name: 'Nu Genesis', symbol: 'ν', mechanism: 1, taoTao: 5_000n, priceRao: 10_000_000n, quoteWeight: HALF, feeRate: 33, tempo: 360, subtokenEnabled: false, transferToggle: true, owner: 'cobalt' },
];

/** Stake positions of dev accounts at genesis: alpha at entry (the value now is higher: the pools have accrued emissions). */
export const DEV_POSITIONS: readonly { coldkey: DevName; validator: string; netuid: number; alpha: bigint }[] = [
  { coldkey: 'Alice', validator: 'aurora', netuid: 0, alpha: 1_000n * TAO },
  { coldkey: 'Alice', validator: 'aurora', netuid: 1, alpha: 5_000n * TAO },
  { coldkey: 'Alice', validator: 'meridian', netuid: 4, alpha: 20_000n * TAO },
  { coldkey: 'Bob', validator: 'meridian', netuid: 0, alpha: 25_000n * TAO },
  { coldkey: 'Bob', validator: 'aurora', netuid: 1, alpha: 40_000n * TAO },
  { coldkey: 'Bob', validator: 'northwind', netuid: 8, alpha: 10_000n * TAO },
  { coldkey: 'Bob', validator: 'helix', netuid: 3, alpha: 30_000n * TAO },
  { coldkey: 'Charlie', validator: 'cobalt', netuid: 2, alpha: 12_000n * TAO },
  { coldkey: 'Charlie', validator: 'lattice', netuid: 5, alpha: 80_000n * TAO },
  { coldkey: 'Dave', validator: 'helix', netuid: 6, alpha: 150_000n * TAO },
  { coldkey: 'Dave', validator: 'cobalt', netuid: 0, alpha: 3_000n * TAO },
];

/** The identity a validator's owner coldkey set on chain: its display name and a description. */
export function validatorIdentity(v: Pick<Validator, 'name' | 'slug'>): ChainIdentity {
  return { name: v.name, url: '', githubRepo: '', image: '', discord: '', description: `${v.name}: a devnet validator (${v.slug})`, additional: '' };
}

/** A small deterministic generator (LCG), so genesis figures do not depend on Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** x = w1·y / (w2·p): the alpha reserve that puts the spot price at p (rao per alpha). */
function alphaReserveFor(taoRao: bigint, priceRao: bigint, w2: bigint): bigint {
  return ((PERQUINTILL - w2) * taoRao * TAO) / (w2 * priceRao);
}

function fundedAccount(free: bigint): AccountInfo {
  return { ...emptyAccount(), providers: 1, free };
}

/**
 * The devnet's block-0 state for a runtime generation (default `current`): the same accounts,
 * subnets, reserves and stake on every runtime; only the pool record the runtime prices with
 * differs (pool-models.ts). Every call returns a fresh, independent copy.
 */
export function createGenesisState(runtime: RuntimeName = DEFAULT_RUNTIME): ChainState {
  const state: ChainState = {
    runtime,
    blockNumber: 0,
    accounts: new Map(),
    totalIssuance: 0n,
    subnets: new Map(),
    hotkeys: new Map(),
    stakePools: new Map(),
    stakingHotkeys: new Map(),
    identities: new Map(),
    blockAuthor: BLOCK_AUTHOR.hex,
    locks: emptyLocks(),
    rootClaims: emptyRootClaims(),
  };

  for (const dev of DEV_ACCOUNTS) state.accounts.set(dev.hex, fundedAccount(DEV_BALANCES[dev.name as DevName]));
  for (const nominator of NOMINATORS) state.accounts.set(nominator.hex, fundedAccount(2_000n * TAO));
  state.accounts.set(BLOCK_AUTHOR.hex, fundedAccount(TAO));
  state.accounts.set(WHALE.hex, fundedAccount(5_000_000n * TAO));

  for (const v of VALIDATORS) {
    const hotkey: HotkeyState = { hotkey: v.hex, owner: v.owner, name: v.name, take: v.take, registrations: [...v.registrations] };
    state.hotkeys.set(v.hex, hotkey);
    state.identities.set(v.owner, validatorIdentity(v));
  }

  const rand = lcg(0x7a057a4e);
  const dynamicPriceSum = SUBNET_SPECS.filter((s) => s.mechanism === 1 && s.subtokenEnabled).reduce((a, s) => a + s.priceRao, 0n);
  for (const spec of SUBNET_SPECS) {
    const owner = validator(spec.owner);
    const taoReserve = spec.taoTao * TAO;
    const alphaReserve = spec.mechanism === 1 ? alphaReserveFor(taoReserve, spec.priceRao, spec.quoteWeight) : spec.netuid === 0 ? 0n : taoReserve;
    const emitting = spec.mechanism === 1 && spec.subtokenEnabled;
    // 0.5 TAO per block shared in proportion to price; one alpha per block to stakers.
    const taoInEmission = emitting ? (500_000_000n * spec.priceRao) / dynamicPriceSum : 0n;
    const alphaInEmission = emitting ? (taoInEmission * TAO) / spec.priceRao : 0n;
    const subnet: SubnetState = {
      netuid: spec.netuid,
      mechanism: spec.mechanism,
      name: spec.name,
      symbol: spec.symbol,
      taoReserve,
      alphaReserve,
      alphaOut: 0n,
      quoteWeight: spec.quoteWeight,
      feeRate: spec.feeRate,
      subtokenEnabled: spec.subtokenEnabled,
      transferToggle: spec.transferToggle,
      ownerHotkey: owner.hex,
      ownerColdkey: owner.owner,
      tempo: spec.tempo,
      registeredAt: 0,
      taoInEmission,
      alphaInEmission: alphaInEmission > TAO ? TAO : alphaInEmission,
      alphaOutEmission: emitting ? TAO : 0n,
      volume: taoReserve * BigInt(3 + (spec.netuid % 5)),
    };
    state.subnets.set(spec.netuid, subnet);
  }

  // Validator pools: four third-party nominations each, sized to the subnet, plus the dev positions.
  for (const v of VALIDATORS) {
    for (const netuid of v.registrations) {
      const subnet = state.subnets.get(netuid)!;
      if (!subnet.subtokenEnabled) continue;
      const scale = netuid === 0 ? 400_000n * TAO : subnet.mechanism === 1 ? subnet.alphaReserve : subnet.taoReserve;
      const holders: { coldkey: AccountId; alpha: bigint }[] = [];
      // Third-party nominators; dev accounts hold only DEV_POSITIONS, so their portfolios stay small and known.
      for (let k = 0; k < 4; k++) {
        const nominator = NOMINATORS[Math.floor(rand() * NOMINATORS.length)]!;
        holders.push({ coldkey: nominator.hex, alpha: (scale * BigInt(Math.floor(20_000 + rand() * 90_000))) / 1_000_000n });
      }
      for (const p of DEV_POSITIONS) {
        if (p.netuid === netuid && validator(p.validator).hex === v.hex) holders.push({ coldkey: devAccount(p.coldkey).hex, alpha: p.alpha });
      }
      if (subnet.mechanism === 1 && subnet.ownerHotkey === v.hex) holders.push({ coldkey: WHALE.hex, alpha: subnet.alphaReserve / 10n });
      for (const h of holders) increaseStake(state, v.hex, h.coldkey, netuid, h.alpha);
      // Accrued emissions: the pool's value grew by 0 to 15 % since the holders staked.
      const pool = state.stakePools.get(poolKey(v.hex, netuid))!;
      const growthPpm = BigInt(Math.floor(rand() * 150_000));
      pool.totalAlpha += (pool.totalAlpha * growthPpm) / 1_000_000n;
      subnet.alphaOut += pool.totalAlpha;
    }
  }

  // Root: SubnetTAO is the TAO staked on root (1:1); no alpha reserve.
  const root = state.subnets.get(0)!;
  root.taoReserve = root.alphaOut;

  // Each subnet's pallet account holds its TAO reserve.
  for (const subnet of state.subnets.values()) {
    if (subnet.taoReserve > 0n) state.accounts.set(subnetAccountId(subnet.netuid), fundedAccount(subnet.taoReserve));
  }
  for (const info of state.accounts.values()) state.totalIssuance += info.free;
  seedPoolModel(state);
  return state;
}
