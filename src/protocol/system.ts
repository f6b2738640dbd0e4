import * as v from 'valibot';
import { message } from './define.ts';

export interface SystemStatus {
  version: string;
  /** Worker start, ms since the epoch. */
  startedAt: number;
  /** Worker start to handlers ready, ms. */
  readyMs: number;
}

export const systemMessages = {
  'pri(system.status)': message<SystemStatus>()(v.strictObject({})),
  /** The page-side liveness check: answers without any authorization. */
  'pub(system.ping)': message<{ pong: true }>()(v.strictObject({})),
} as const;
