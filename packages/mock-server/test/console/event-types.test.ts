/**
 * The console is plain browser JavaScript and cannot import the engine's TypeScript, so it carries its own list
 * of event types; this keeps the two lists the same.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_EVENT_TYPES } from '../../src/http/admin/event-stream';

describe('console event types', () => {
  it('lists exactly the event types the engine emits, in the same order', async () => {
    // api.js reads document.baseURI when it loads (to find the admin API next to the console).
    const g = globalThis as { document?: unknown };
    const saved = g.document;
    g.document = { baseURI: 'http://127.0.0.1:1/console/' };
    try {
      // A path typed `string`: the test loads the browser module at run time, without its JSDoc types.
      const path: string = '../../src/console/js/api.js';
      const api = (await import(path)) as { EVENT_TYPES: unknown };
      expect(api.EVENT_TYPES).toEqual(ENGINE_EVENT_TYPES);
    } finally {
      g.document = saved;
    }
  });
});
