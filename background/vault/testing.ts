// Test helpers for the vault (imported by *.test.ts only).
import { RecordingSink } from '../platform/events.ts';
import { MemoryStore } from '../platform/storage.ts';
import { createVaultService, type VaultDeps } from './service.ts';

/** A cheap KDF so unit tests run fast; the production strength is exercised by its own test. */
export const TEST_KDF = { name: 'scrypt', N: 1 << 10, r: 8, p: 1 } as const;

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export async function testVault(overrides: Partial<VaultDeps> = {}) {
  const local = (overrides.local as MemoryStore | undefined) ?? new MemoryStore();
  const session = (overrides.session as MemoryStore | undefined) ?? new MemoryStore();
  const events = new RecordingSink();
  const clock = fakeClock();
  const deps: VaultDeps = { local, session, events, now: clock.now, kdf: TEST_KDF, ...overrides };
  const vault = await createVaultService(deps);
  return { vault, local, session, events, clock, deps };
}
