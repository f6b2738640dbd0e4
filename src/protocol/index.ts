import * as v from 'valibot';
import { chainMessages, type ChainEvents } from './chain.ts';
import { dappMessages, type DappEvents } from './dapp.ts';
import { scopeOf, type MessageDef } from './define.ts';
import { systemMessages } from './system.ts';
import { vaultMessages, type VaultEvents } from './vault.ts';

export * from './define.ts';
export * from './envelope.ts';
export * from './errors.ts';

/** Every message any context can send to the background: name -> { request schema, response }. */
export const messages = {
  ...systemMessages,
  ...vaultMessages,
  ...chainMessages,
  ...dappMessages,
} as const satisfies Record<string, MessageDef>;

export type Messages = typeof messages;
export type MessageName = keyof Messages;
export type PrivateName = Extract<MessageName, `pri(${string})`>;
export type PublicName = Extract<MessageName, `pub(${string})`>;
export type RequestOf<N extends MessageName> = v.InferOutput<Messages[N]['request']>;
/** What a caller passes (before schema transforms/defaults). */
export type RequestInput<N extends MessageName> = v.InferInput<Messages[N]['request']>;
export type ResponseOf<N extends MessageName> = Messages[N]['response'];

/** Events the background pushes: name -> payload. */
export type EventMap = VaultEvents & ChainEvents & DappEvents;
export type EventName = keyof EventMap & string;

export function isMessageName(name: string): name is MessageName {
  return Object.prototype.hasOwnProperty.call(messages, name) && scopeOf(name) !== undefined;
}
