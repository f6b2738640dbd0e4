// The raw Emscripten module of libsodium (no wrapper): only what src/vault/argon2i.ts calls.
declare module 'libsodium-sumo' {
  export interface SodiumModule {
    HEAPU8: Uint8Array;
    _malloc(size: number): number;
    _free(pointer: number): void;
    _sodium_init(): number;
    _crypto_pwhash_alg_argon2i13(): number;
    _crypto_pwhash_argon2i_opslimit_sensitive(): number;
    _crypto_pwhash_argon2i_memlimit_sensitive(): number;
    /** 64-bit lengths are passed as (low, high) pairs; memlimit is a size_t (32-bit in wasm32). */
    _crypto_pwhash(
      out: number, outLenLow: number, outLenHigh: number,
      passwd: number, passwdLenLow: number, passwdLenHigh: number,
      salt: number, opsLow: number, opsHigh: number, memlimit: number, alg: number,
    ): number;
  }
  const factory: (options: { getRandomValue(): number }) => Promise<SodiumModule>;
  export default factory;
}
