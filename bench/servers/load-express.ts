/**
 * Loads express from the SDK package's devDependencies (the root has none) and describes the little of its API the
 * benchmark servers use, so the harness needs no express type package.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SDK_DIR } from '../lib/paths';

/** An express request with the parts the hand-written server reads. */
export type ExpressRequest = IncomingMessage & { body?: unknown; query: Record<string, unknown> };

/** An express response with the parts the hand-written server writes. */
export type ExpressResponse = ServerResponse & {
  status(code: number): ExpressResponse;
  set(headers: Record<string, string>): ExpressResponse;
  send(body: Buffer): ExpressResponse;
};

/** A middleware or route handler. */
export type ExpressHandler = (
  req: ExpressRequest,
  res: ExpressResponse,
  next: (error?: unknown) => void,
) => void;

/** An express application (itself a node:http listener). */
export interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(path: string, ...handlers: ExpressHandler[]): ExpressApp;
  post(path: string, ...handlers: ExpressHandler[]): ExpressApp;
  set(setting: string, value: unknown): ExpressApp;
}

/** The express module. */
export interface ExpressModule {
  (): ExpressApp;
  raw(options: {
    type: string | ((req: IncomingMessage) => boolean);
    limit?: string | number;
  }): ExpressHandler;
}

/** Requires express 4/5 as installed for the SDK package. */
export function loadExpress(): ExpressModule {
  const require = createRequire(join(SDK_DIR, 'package.json'));
  return require('express') as ExpressModule;
}
