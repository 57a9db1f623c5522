/** RS256 tokens signed in the test, as Cloudflare Access signs them, so headers and claims can say anything. */

const enc = new TextEncoder()

export const b64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** A JSON value as a token's part. */
export const part = (value: unknown): string => b64url(enc.encode(JSON.stringify(value)))

export interface Signer {
  kid: string
  keys: CryptoKeyPair
  /** The public key as the team's JWKS lists it. */
  jwk: JsonWebKey & { kid: string }
  /** A token of `claims`, its header `{alg: RS256, kid, typ: JWT}` with `header` over it. */
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>
}

/** A new RSA key pair named `kid`. */
export async function signer(kid = `kid-${crypto.randomUUID()}`): Promise<Signer> {
  const keys = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const { kty, n, e } = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey
  return {
    kid,
    keys,
    jwk: { kid, kty, alg: 'RS256', use: 'sig', e, n },
    async sign(claims, header = {}) {
      const input = `${part({ alg: 'RS256', kid, typ: 'JWT', ...header })}.${part(claims)}`
      return `${input}.${b64url(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, enc.encode(input)))}`
    },
  }
}
