// Argon2i (version 1.3) through libsodium's WebAssembly build, for btcli coldkey files.
//
// Measured (scripts/bench/vault.ts, node 20 on the 2-core reference machine) at btcli's limits
// (opslimit 8, memlimit 512 MiB): libsodium wasm about 7 s, @noble/hashes argon2i about 42 s, both
// about 585 MB resident at the peak. The raw Emscripten module is instantiated lazily on the first
// btcli import, so worker start pays nothing for it; wasm memory cannot shrink, so a worker that
// imported a btcli file keeps that memory until the browser stops it (an idle worker is stopped
// after about 30 s).
import factory, { type SodiumModule } from 'libsodium-sumo';

let loading: Promise<SodiumModule> | undefined;

function sodium(): Promise<SodiumModule> {
  loading ??= factory({
    getRandomValue() {
      const word = new Uint32Array(1);
      crypto.getRandomValues(word);
      return word[0]! >>> 0;
    },
  }).then((m) => {
    if (m._sodium_init() < 0) throw new Error('libsodium failed to initialise');
    return m;
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

/** libsodium's own constants for argon2i "sensitive" (the values btcli uses). */
export async function argon2iSensitiveLimits(): Promise<{ opslimit: number; memlimit: number }> {
  const m = await sodium();
  return { opslimit: m._crypto_pwhash_argon2i_opslimit_sensitive(), memlimit: m._crypto_pwhash_argon2i_memlimit_sensitive() };
}

/** crypto_pwhash(ARGON2I13): `memlimit` in bytes, like libsodium and pynacl. The caller wipes the key. */
export async function argon2i(password: Uint8Array, salt: Uint8Array, opslimit: number, memlimit: number, length = 32): Promise<Uint8Array> {
  if (salt.length !== 16) throw new Error('argon2i salt must be 16 bytes');
  const m = await sodium();
  const size = length + password.length + salt.length;
  const base = m._malloc(size);
  if (!base) throw new Error('out of memory');
  const outPtr = base;
  const pwPtr = base + length;
  const saltPtr = pwPtr + password.length;
  try {
    m.HEAPU8.set(password, pwPtr);
    m.HEAPU8.set(salt, saltPtr);
    const rc = m._crypto_pwhash(outPtr, length, 0, pwPtr, password.length, 0, saltPtr, opslimit, 0, memlimit, m._crypto_pwhash_alg_argon2i13());
    if (rc !== 0) throw new Error('argon2i failed (out of memory, or limits out of range)');
    // HEAPU8 is replaced when the heap grows, so read it again after the call.
    return m.HEAPU8.slice(outPtr, outPtr + length);
  } finally {
    m.HEAPU8.fill(0, base, base + size);
    m._free(base);
  }
}
