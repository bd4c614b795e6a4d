/** createSignedRequest (@koogallery-kit/sdk/testing): what it builds verifies with the signing module. */
import { describe, expect, it } from 'vitest';
import { createSignedRequest } from '../../src/entries/testing';
import { ConfigError } from '../../src/errors';
import { decryptCredential, verifyAuthToken, verifyKitRequest, verifyRequest } from '../../src/signing';
import { V1_BODIES, V2_BODIES } from './fixtures/bodies';
import { ACCESS_KEY, KIT_KEY, T0, kitBody } from './harness';

describe('createSignedRequest', () => {
  it('V2: POST to url?signature&timestamp&nonce with the canonical body, activity added', async () => {
    const signed = createSignedRequest('newInstance', V2_BODIES.newInstance, {
      accessKey: ACCESS_KEY,
      timestamp: T0,
      nonce: 'n-1',
      url: 'https://seller.example.com/isv/produce',
    });
    expect(signed.method).toBe('POST');
    const url = new URL(signed.url);
    expect(url.pathname).toBe('/isv/produce');
    expect(url.searchParams.get('timestamp')).toBe(String(T0));
    expect(url.searchParams.get('nonce')).toBe('n-1');
    expect(JSON.parse(signed.body!)).toEqual({ ...V2_BODIES.newInstance, activity: 'newInstance' });
    expect(signed.body!.startsWith('{"activity":"newInstance","businessId"')).toBe(true);
    const verdict = verifyRequest({
      accessKey: ACCESS_KEY,
      rawBody: signed.body!,
      query: url.searchParams,
      now: () => T0,
    });
    expect(verdict).toMatchObject({ valid: true, matched: 'raw' });
    expect(signed.request.method).toBe('POST');
    expect(await signed.request.text()).toBe(signed.body);
    expect(signed.input).toMatchObject({
      method: 'POST',
      url: `/isv/produce${url.search}`,
      rawBody: signed.body,
    });
  });

  it('kit: POST to url/produceAPI/v2/<name> with x-sign headers made with the kit key', () => {
    const signed = createSignedRequest('tenantSync', kitBody('tenantSync'), {
      accessKey: ACCESS_KEY,
      kitAccessKey: KIT_KEY,
      timestamp: T0,
    });
    expect(new URL(signed.url).pathname).toBe('/produce/produceAPI/v2/tenantSync');
    expect(
      verifyKitRequest({ accessKey: KIT_KEY, rawBody: signed.body!, headers: signed.headers, now: () => T0 })
        .valid,
    ).toBe(true);
    expect(
      verifyKitRequest({
        accessKey: ACCESS_KEY,
        rawBody: signed.body!,
        headers: signed.headers,
        now: () => T0,
      }).valid,
    ).toBe(false);
  });

  it('V1: GET with every parameter, timeStamp (UTC) and authToken; mobilePhone/email encrypted', () => {
    const signed = createSignedRequest('newInstance', V1_BODIES.newInstance, {
      accessKey: ACCESS_KEY,
      version: 'v1',
      timestamp: Date.UTC(2020, 6, 27, 7, 37, 11, 903),
      encryptType: 2,
    });
    expect(signed.method).toBe('GET');
    expect(signed.body).toBeUndefined();
    const query = new URL(signed.url).searchParams;
    expect(query.get('timeStamp')).toBe('20200727073711903');
    expect(query.get('activity')).toBe('newInstance');
    expect(decryptCredential(ACCESS_KEY, query.get('mobilePhone')!, 2)).toBe(
      V1_BODIES.newInstance.mobilePhone,
    );
    expect(decryptCredential(ACCESS_KEY, query.get('email')!, 2)).toBe(V1_BODIES.newInstance.email);
    expect(verifyAuthToken({ accessKey: ACCESS_KEY, query }).valid).toBe(true);
  });

  it('refuses a body whose activity contradicts the argument, and missing options', () => {
    expect(() =>
      createSignedRequest('newInstance', { activity: 'queryInstance' }, { accessKey: ACCESS_KEY }),
    ).toThrow(ConfigError);
    expect(() => createSignedRequest('newInstance', {}, undefined as never)).toThrow(ConfigError);
    expect(() => createSignedRequest('newInstance', [] as never, { accessKey: ACCESS_KEY })).toThrow(
      /body must be an object/,
    );
    expect(() => createSignedRequest('newInstance', {}, { accessKey: '' })).toThrow(ConfigError);
  });
});
