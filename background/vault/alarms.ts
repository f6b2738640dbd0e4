// chrome.alarms for the auto-lock deadline. The onAlarm listener is registered when this module is
// evaluated (the first turn of the worker), so an alarm that wakes a stopped worker is delivered;
// it waits for the vault to be wired. Outside an extension (unit tests) there are no alarms.
import type { AutoLockScheduler } from './service.ts';

export const AUTO_LOCK_ALARM = 'vault.autolock';

interface AlarmsApi {
  create(name: string, info: { when: number }): unknown;
  clear(name: string): unknown;
  onAlarm: { addListener(cb: (alarm: { name: string }) => void): void };
}

const alarms: AlarmsApi | undefined = (globalThis as { chrome?: { alarms?: AlarmsApi } }).chrome?.alarms;

let onDeadline: (() => void) | undefined;
let missed = false;

alarms?.onAlarm.addListener((alarm) => {
  if (alarm.name !== AUTO_LOCK_ALARM) return;
  if (onDeadline) onDeadline();
  else missed = true;
});

/** The scheduler for VaultService, or undefined where chrome.alarms does not exist. */
export function chromeAutoLockScheduler(): AutoLockScheduler | undefined {
  if (!alarms) return undefined;
  return {
    schedule(at) {
      // Chrome fires alarms no sooner than 30 s apart; the per-message check covers the gap.
      void Promise.resolve(alarms.create(AUTO_LOCK_ALARM, { when: at })).catch(() => undefined);
    },
    clear() {
      void Promise.resolve(alarms.clear(AUTO_LOCK_ALARM)).catch(() => undefined);
    },
  };
}

/** Connects the alarm to the vault's deadline check (and delivers one that fired before wiring). */
export function onAutoLockAlarm(check: () => void): void {
  onDeadline = check;
  if (missed) {
    missed = false;
    check();
  }
}
