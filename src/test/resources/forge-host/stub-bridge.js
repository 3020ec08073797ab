// A stand-in for @forge/bridge, for tests: it plays Forge's part around the panel's Custom UI. The test builds the
// panel with this file in place of @forge/bridge and opens it from the sandbox's Forge host page with ?issue=…&accountId=…
// (&theme=dark). Like Forge, it
//  - gives the panel its context (the issue it is shown on),
//  - applies the host's theme: Atlassian's design-token CSS and the data-color-mode attribute on <html>,
//  - signs a Forge Invocation Token for each invokeRemote call (RS256 with the sandbox's key, fresh iat/nbf/exp/jti)
//    and sends the call to the connector with it as a bearer token,
//  - answers as invokeRemote does: 401 rejects ("Remote could not verify the Forge Invocation Token"), a non-2xx answer
//    must be application/json, and the body comes back parsed.
import light from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light.js';
import dark from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-dark.js';
import spacing from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-spacing.js';
import typography from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-typography-adg3.js';
import shape from '@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-shape.js';

const params = new URLSearchParams(location.search);
const config = fetch(`config.json?issue=${encodeURIComponent(params.get('issue'))}&accountId=${encodeURIComponent(params.get('accountId'))}`)
  .then((r) => r.json());

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (text) => new TextEncoder().encode(text);

async function fit() {
  const c = await config;
  const key = await crypto.subtle.importKey('jwk', c.privateJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...c.claims, iat: now, nbf: now, exp: now + 25, jti: crypto.randomUUID().replace(/-/g, '') };
  const header = { alg: 'RS256', kid: c.privateJwk.kid, typ: 'JWT' };
  const input = `${b64url(utf8(JSON.stringify(header)))}.${b64url(utf8(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, utf8(input));
  return `${input}.${b64url(signature)}`;
}

export const invokeRemote = async ({ path, method, headers, body }) => {
  const res = await fetch(path, {
    method,
    headers: { ...(headers || {}), Authorization: `Bearer ${await fit()}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  window.__forgeCalls = (window.__forgeCalls || 0) + 1;
  if (res.status === 401) throw new Error('Remote could not verify the Forge Invocation Token');
  const type = res.headers.get('content-type');
  if (res.status >= 300 && type && type.split(';')[0].trim() !== 'application/json') {
    throw new Error(`Invalid response from remote - content-type header must be set to application/json and is currently: ${type}. Status: ${res.status}.`);
  }
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch (e) {
    throw new Error(`Invalid response from remote - cannot parse body as JSON. Status: ${res.status}.`);
  }
  const out = {};
  res.headers.forEach((v, k) => { out[k] = [v]; });
  return { status: res.status, headers: out, body: parsed };
};

export const view = {
  getContext: async () => ({ ...(await config).context, accountId: (await config).claims.principal }),
  theme: {
    enable: async () => {
      const mode = params.get('theme') === 'dark' ? 'dark' : 'light';
      const style = document.createElement('style');
      style.dataset.theme = 'forge-stub';
      style.textContent = [light, dark, spacing, typography, shape].join('\n');
      document.head.appendChild(style);
      document.documentElement.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography-adg3 shape:shape');
      document.documentElement.setAttribute('data-color-mode', mode);
    },
  },
};

export const router = {
  open: async (url) => {
    window.__opened = [...(window.__opened || []), url];
  },
  navigate: async (url) => {
    window.__opened = [...(window.__opened || []), url];
  },
};
