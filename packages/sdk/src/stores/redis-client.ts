import { ConfigError } from '../errors';

/**
 * The part of a Redis client the stores use: either ioredis (`call(command, ...args)`) or node-redis v4+
 * (`sendCommand([command, ...args])`). Pass your connected client as is; the SDK does not depend on either package
 * (install the one you use — both are optional peers).
 */
export type RedisClientLike =
  | { call(command: string, ...args: (string | number)[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> };

/** Internal: one raw command through whichever client was given. */
export type RedisCommand = (command: string, ...args: (string | number)[]) => Promise<unknown>;

export function toRedisCommand(where: string, client: unknown): RedisCommand {
  if (typeof client === 'object' && client !== null) {
    const c = client as { call?: unknown; sendCommand?: unknown };
    if (typeof c.call === 'function') {
      const call = c.call as (command: string, ...args: (string | number)[]) => Promise<unknown>;
      return (command, ...args) => call.call(client, command, ...args);
    }
    if (typeof c.sendCommand === 'function') {
      const send = c.sendCommand as (args: string[]) => Promise<unknown>;
      return (command, ...args) => send.call(client, [command, ...args.map(String)]);
    }
  }
  throw new ConfigError(
    `${where}: client must be a connected ioredis client (has call()) or node-redis client (has sendCommand()).`,
  );
}

/** Internal: Redis replies may be strings or Buffers depending on the client. */
export function replyText(reply: unknown): string | null {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString('utf8');
  // integer replies; anything else (never a scalar reply) as JSON
  return typeof reply === 'number' || typeof reply === 'bigint' ? String(reply) : JSON.stringify(reply);
}
