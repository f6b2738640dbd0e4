/**
 * Encodes runtime events and dispatch errors with the devnet metadata: `RuntimeEvent` values from
 * the staking rules become `frame_system::EventRecord`s, and `DispatchErrorName`s become
 * `DispatchError::Module { index, error }` (or `Token(..)`), as FRAME writes them to System.Events.
 */
import { compactToU8a, u8aConcat } from '@polkadot/util';
import type { DevnetMetadata } from '../metadata/load.ts';
import type { DispatchErrorName, RuntimeEvent } from '../state/types.ts';

export type Phase = { applyExtrinsic: number } | 'finalization' | 'initialization';

interface EventVariant {
  palletIndex: number;
  variantIndex: number;
  fieldTypes: number[];
}

/** `frame_support::dispatch::DispatchInfo` as the encoder takes it. */
export interface DispatchInfoValue {
  weight: { refTime: bigint; proofSize: bigint };
  class: 'Normal' | 'Operational' | 'Mandatory';
  paysFee: 'Yes' | 'No';
}

/** Compares pallet names the way both spellings appear (metadata `SubtensorModule`, polkadot.js `subtensorModule`). */
function samePallet(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export class EventEncoder {
  private readonly variants = new Map<string, EventVariant>();
  private readonly errors = new Map<string, { index: number; error: number }>();

  constructor(private readonly meta: DevnetMetadata) {
    const { registry } = meta;
    for (const pallet of meta.metadata.asLatest.pallets) {
      const palletName = pallet.name.toString().toLowerCase();
      if (pallet.events.isSome) {
        const def = registry.lookup.getSiType(pallet.events.unwrap().type).def.asVariant;
        for (const v of def.variants) {
          this.variants.set(`${palletName}.${v.name.toString()}`, {
            palletIndex: pallet.index.toNumber(),
            variantIndex: v.index.toNumber(),
            fieldTypes: v.fields.map((f) => f.type.toNumber()),
          });
        }
      }
      if (pallet.errors.isSome) {
        const def = registry.lookup.getSiType(pallet.errors.unwrap().type).def.asVariant;
        for (const v of def.variants) {
          this.errors.set(`${palletName}.${v.name.toString()}`, { index: pallet.index.toNumber(), error: v.index.toNumber() });
        }
      }
    }
  }

  /** The SCALE bytes of a `RuntimeEvent` (pallet index, variant index, fields). */
  encodeEvent(event: RuntimeEvent): Uint8Array {
    const variant = this.variants.get(`${event.section.toLowerCase()}.${event.method}`);
    if (!variant) throw new Error(`event ${event.section}.${event.method} is not in the metadata`);
    if (event.data.length !== variant.fieldTypes.length) {
      throw new Error(`event ${event.section}.${event.method} has ${event.data.length} args, metadata has ${variant.fieldTypes.length}`);
    }
    const parts: Uint8Array[] = [new Uint8Array([variant.palletIndex, variant.variantIndex])];
    variant.fieldTypes.forEach((typeId, i) => parts.push(this.meta.encode(typeId, event.data[i])));
    return u8aConcat(...parts);
  }

  encodeRecord(phase: Phase, event: RuntimeEvent): Uint8Array {
    return u8aConcat(encodePhase(phase), this.encodeEvent(event), new Uint8Array([0]) /* topics: empty Vec<H256> */);
  }

  /** The value @polkadot/types takes for `sp_runtime::DispatchError`. */
  dispatchError(error: DispatchErrorName): unknown {
    if (samePallet(error.section, 'Token')) return { Token: error.name };
    if (samePallet(error.section, 'System') && ['BadOrigin', 'CannotLookup', 'Other'].includes(error.name)) return { [error.name]: null };
    const found = this.errors.get(`${error.section.toLowerCase()}.${error.name}`);
    if (!found) {
      // A rules error the metadata lacks is a devnet bug; the extrinsic still fails, as `Other`.
      console.error(`[devnet] dispatch error ${error.section}.${error.name} is not in the metadata; reporting DispatchError::Other`);
      return { Other: null };
    }
    return { Module: { index: found.index, error: [found.error, 0, 0, 0] } };
  }

  hasError(error: DispatchErrorName): boolean {
    return this.errors.has(`${error.section.toLowerCase()}.${error.name}`);
  }
}

export function encodePhase(phase: Phase): Uint8Array {
  if (phase === 'finalization') return new Uint8Array([1]);
  if (phase === 'initialization') return new Uint8Array([2]);
  const out = new Uint8Array(5);
  new DataView(out.buffer).setUint32(1, phase.applyExtrinsic, true);
  return out;
}

/** `Vec<EventRecord>` from already-encoded records. */
export function encodeRecords(records: Uint8Array[]): Uint8Array {
  return u8aConcat(compactToU8a(records.length), ...records);
}
