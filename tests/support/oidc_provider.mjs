// A real OpenID Connect provider on loopback for Sangam's single sign-on tests: the npm package `oidc-provider`
// (installed by scripts/install-oidc-provider.sh) with one confidential test client, a sign-in page a browser or an
// HTTP client fills in, and test switches read from stdin, one JSON object a line:
//   {"cmd": "account", "email": "...", "email_verified": true, "name": "..."}  -> {"account": "<sub>"}
//   {"cmd": "rotate"}                                   -> {"rotated": "<new kid>"}  (new signing key; old one kept)
//   {"cmd": "fault", "kind": "tamper|expired|wrong_nonce"} -> {"fault": kind}  (spoils the next ID token only)
// It prints {"ready": {...}} once listening. Run by tests/support/oidc.rs as
//   node --input-type=module --eval "<this file>"  with the install folder as working directory,
// so that `oidc-provider` and `jose` resolve from its node_modules. Environment: OIDC_REDIRECT_URI (Sangam's
// callback, the client's only redirect URI).
import http from 'node:http';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!redirectUri) {
  console.error('OIDC_REDIRECT_URI is not set');
  process.exit(2);
}
const clientId = 'sangam-test';
const clientSecret = randomBytes(24).toString('hex');

const accounts = new Map(); // email -> { sub, email, email_verified, name }
const bySub = new Map();
const keys = []; // private JWKs, newest first (the provider signs with the first)
let faultNext = null;
let issuer = '';
let provider = null;

async function newKey() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = `key-${keys.length + 1}-${randomBytes(4).toString('hex')}`;
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  keys.unshift(jwk);
  return jwk.kid;
}

function b64json(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

// Spoils an ID token the way the switch says: a changed payload under the old signature, or a payload re-signed
// with the provider's own current key (so only the named check can refuse it).
async function spoil(idToken, kind) {
  const [h, p, s] = idToken.split('.');
  const header = b64json(h);
  const payload = b64json(p);
  if (kind === 'tamper') {
    payload.email = `mallory-${payload.email ?? 'someone'}`;
    payload.sub = `${payload.sub}-tampered`;
    return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  }
  const now = Math.floor(Date.now() / 1000);
  if (kind === 'expired') {
    payload.iat = now - 7200;
    payload.exp = now - 3600;
  } else if (kind === 'wrong_nonce') {
    payload.nonce = 'a-nonce-sangam-never-sent';
  } else {
    throw new Error(`unknown fault ${kind}`);
  }
  const key = await jose.importJWK(keys[0], 'RS256');
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, kid: keys[0].kid, alg: 'RS256' })
    .sign(key);
}

function makeProvider() {
  const p = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: keys.map((k) => ({ ...k })) },
    cookies: { keys: ['sangam-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The scope's claims go into the ID token itself (as Google, Keycloak and Entra ID do).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: account.email, email_verified: account.email_verified, name: account.name };
        },
      };
    },
  });
  p.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && faultNext) {
      const kind = faultNext;
      faultNext = null;
      ctx.body = { ...ctx.body, id_token: await spoil(ctx.body.id_token, kind) };
    }
  });
  return p;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function signInPage(res, uid, error) {
  res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>Test provider sign-in</title></head><body>
<h1>Test identity provider</h1>
${error ? `<p id="provider-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Email <input type="email" name="email" id="provider-email" autofocus></label>
<button type="submit" id="provider-submit">Sign in</button>
</form></body></html>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = details.uid;
  if (req.method === 'GET') {
    return signInPage(res, uid, null);
  }
  const form = await readForm(req);
  const account = accounts.get((form.get('email') ?? '').trim().toLowerCase());
  if (!account) {
    return signInPage(res, uid, 'No such account at this provider.');
  }
  return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((e) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${e.message}`);
    });
    return;
  }
  provider.callback()(req, res);
});

function say(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

async function command(line) {
  const msg = JSON.parse(line);
  switch (msg.cmd) {
    case 'account': {
      const email = msg.email.trim().toLowerCase();
      const sub = accounts.get(email)?.sub ?? `sub-${randomBytes(6).toString('hex')}`;
      const account = { sub, email, email_verified: msg.email_verified !== false, name: msg.name ?? email };
      accounts.set(email, account);
      bySub.set(sub, account);
      return say({ account: sub });
    }
    case 'rotate': {
      const kid = await newKey();
      provider = makeProvider();
      return say({ rotated: kid });
    }
    case 'fault':
      faultNext = msg.kind;
      return say({ fault: msg.kind });
    default:
      return say({ error: `unknown command ${msg.cmd}` });
  }
}

await newKey();
server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = makeProvider();
  say({ ready: { issuer, client_id: clientId, client_secret: clientSecret } });
});

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  command(line).catch((e) => say({ error: e.message }));
});
rl.on('close', () => process.exit(0));
