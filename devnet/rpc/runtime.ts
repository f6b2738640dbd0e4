/**
 * A runtime generation as the node serves it: its metadata (devnet/profiles.ts names the file)
 * and what is derived from it, the storage encoder, the event encoder and the runtime-API
 * table. Every block carries the runtime its state runs (`ChainState.runtime`), so reads at a
 * block before a runtime upgrade answer with the old metadata, as a real node does.
 */
import { loadMetadata, type DevnetMetadata } from '../metadata/load.ts';
import { PROFILES, type RuntimeName, type RuntimeProfile } from '../profiles.ts';
import { EventEncoder } from './events.ts';
import { RuntimeApi } from './runtime-api.ts';
import { StorageEncoder } from './storage.ts';

export class Runtime {
  readonly storage: StorageEncoder;
  readonly events: EventEncoder;
  readonly api: RuntimeApi;

  constructor(readonly meta: DevnetMetadata) {
    this.storage = new StorageEncoder(meta);
    this.events = new EventEncoder(meta);
    this.api = new RuntimeApi(meta);
  }

  get name(): RuntimeName {
    return this.meta.runtime;
  }

  get profile(): RuntimeProfile {
    return PROFILES[this.meta.runtime];
  }
}

const loaded = new Map<RuntimeName, Runtime>();

/** The runtime of a generation; built once per process (the metadata decode is the slow part). */
export function runtimeOf(name: RuntimeName): Runtime {
  let runtime = loaded.get(name);
  if (runtime === undefined) {
    runtime = new Runtime(loadMetadata(name));
    loaded.set(name, runtime);
  }
  return runtime;
}
