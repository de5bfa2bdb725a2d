/** A stand-in identity provider: publishes an RS256 public key at /jwks.json and signs tokens with its private key. */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { sendJson, startTestServer, type TestServer } from '../servers/test-server.ts';

export interface TestIdentityProvider extends TestServer {
  jwksUrl: string;
  sign(claims: JWTPayload, options?: { expiresIn?: string; kid?: string }): Promise<string>;
}

export async function startTestIdentityProvider(): Promise<TestIdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  const server = await startTestServer({}, (request, response) => {
    if (request.path === '/jwks.json') sendJson(response, 200, { keys: [jwk] });
    else sendJson(response, 404, { error: 'not found' });
  });
  return {
    ...server,
    jwksUrl: `${server.url}/jwks.json`,
    sign: (claims, { expiresIn = '5m', kid = 'idp-key-1' } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime(expiresIn).sign(privateKey),
  };
}
