/**
 * Request bodies of an exact size for the verification benchmark: a newInstance-shaped JSON object in the
 * platform's canonical form (ascending keys, compact), padded with a base64-like extension field.
 */

const BASE = {
  activity: 'newInstance',
  businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8',
  orderId: 'CS2211181819B4LVS',
  orderLineId: 'CS2211181819B4LVS-000001',
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Canonical JSON text of exactly `bytes` UTF-8 bytes (all ASCII).
 *
 * @param canonicalJson - the SDK's canonical serialiser (the form the platform sends).
 * @throws RangeError when `bytes` is smaller than the unpadded body.
 */
export function sizedBody(canonicalJson: (body: Record<string, unknown>) => string, bytes: number): string {
  const empty = canonicalJson({ ...BASE, extendParams: '' });
  const padding = bytes - Buffer.byteLength(empty);
  if (padding < 0) throw new RangeError(`a body of ${bytes} bytes is too small (minimum ${empty.length})`);
  let text = '';
  for (let i = 0; i < padding; i++) text += ALPHABET[(i * 7 + 3) % ALPHABET.length];
  const body = canonicalJson({ ...BASE, extendParams: text });
  if (Buffer.byteLength(body) !== bytes)
    throw new Error(`sizedBody produced ${Buffer.byteLength(body)} bytes, not ${bytes}`);
  return body;
}
