// The derived test vectors of protocol.md §12.3, accessKey `test-access-key-0001`. Each seller's command-line tools
// must reproduce them; docs/any-language.md lists the same values for sellers checking their own code.

export const VECTOR_KEY = 'test-access-key-0001';

/** §12.3 (a), (b): V2 request signatures over the exact bodies. */
export const REQUEST_SIGNATURES = [
  {
    name: '(a) newInstance',
    body: '{"activity":"newInstance","businessId":"87b94795-0603-4e24-8ae5-69420d60e3c8","orderId":"CS2211181819B4LVS","orderLineId":"CS2211181819B4LVS-000001","testFlag":"1"}',
    nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA',
    timestamp: '1680508066618',
    signature: 'c506f4221ec15f98c40b8a5d5065d8b815a2c5596cf4421382088b5652565458',
  },
  {
    name: '(b) non-ASCII body',
    body: '{"activity":"queryInstance","instanceId":"实例-01","testFlag":"1"}',
    nonce: 'abc123',
    timestamp: '1700000000000',
    signature: '4f8d565fae3e0291ccdd6215192d41123ea9439b1a82f228a94f97ed5f2e75cf',
  },
] as const;

/** §12.3 (a2): a non-canonical body (unsorted keys, a null) and the signature over its canonical form. */
export const CANONICAL_SIGNATURE = {
  body: '{"testFlag":"1","instanceId":"10e758d0-31ad-4c4b-8f1b-81d03469a10e","status":"FREEZE","activity":"updateInstanceStatus","orderId":null}',
  nonce: 'n0nce-0001',
  timestamp: '1700000000000',
  canonicalSignature: '91c9db67231c942e59d2dba3e7a6d5898919bd8d7d2905e37e94ba6a211721c9',
  rawSignature: '7265cca059982a70c7e82232cc7bb536e0b7fb1c456d139af3df60f78e8087ba',
} as const;

/** §12.3 (c): Body-Sign header values. The second body holds the 12 literal characters `\u4e2d\u6587`. */
export const BODY_SIGNS = [
  {
    body: '{"resultCode":"000000","resultMsg":"success.","instanceId":"03pf80c2bae96vc49b80b917bea776d7"}',
    header: 'sign_type="HMAC-SHA256", signature="1Mc9WSem6yPAJvSAFmWv4E+FpoVZsxUBFG5YIF0f7NQ="',
  },
  {
    body: '{"resultCode":"000000","resultMsg":"success","info":[{"instanceId":"实例-01","appInfo":{"frontEndUrl":"https://app.example.com","memo":"\\u4e2d\\u6587"}}]}',
    header: 'sign_type="HMAC-SHA256", signature="lMxA/P3k7U4LyClaIVS+Ur5ZSVkr1AAZFQBTSqFtfpc="',
  },
] as const;

/** §12.3 (g): AES credential encryption, IV string `0123456789abcdef`. */
export const AES_IV = '0123456789abcdef';
export const AES_VECTORS = [
  { encryptType: '2', plaintext: 'P@ssw0rd-Demo!', wire: '0123456789abcdef8hU/rBhW3mWV+Zdo6q/8hg==' },
  { encryptType: '1', plaintext: 'P@ssw0rd-Demo!', wire: '0123456789abcdefj8UFXbEsD2yT7JFQmaI0RA==' },
  {
    encryptType: '2',
    plaintext: 'admin@example.com',
    wire: '0123456789abcdefySOt5npWtUBZ7ZTC6nHCa1goLF1Z28eXgIYay0iASOo=',
  },
  {
    encryptType: '1',
    plaintext: 'admin@example.com',
    wire: '0123456789abcdefa/lJx0ZN3PNDbI2/oxGYoImW8J7BVFwqGS0R37t49Hk=',
  },
] as const;
