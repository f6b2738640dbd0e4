import type { EventMap, EventName } from '../../src/protocol/index.ts';

/** Where the background pushes events: open extension pages, and the tabs of connected dApps. */
export interface EventSink {
  toExtension<N extends EventName>(name: N, payload: EventMap[N]): void;
  toTab<N extends EventName>(tabId: number, name: N, payload: EventMap[N]): void;
}

/** Records events; for unit tests of services. */
export class RecordingSink implements EventSink {
  readonly sent: { to: 'extension' | number; name: string; payload: unknown }[] = [];
  toExtension<N extends EventName>(name: N, payload: EventMap[N]): void {
    this.sent.push({ to: 'extension', name, payload });
  }
  toTab<N extends EventName>(tabId: number, name: N, payload: EventMap[N]): void {
    this.sent.push({ to: tabId, name, payload });
  }
}
