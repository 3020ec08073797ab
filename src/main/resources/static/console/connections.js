// Connections page: every HubSpot portal and Jira site the connector holds (GET /api/connections/hubspot|jira, their
// `connections`), each with its state, health, the webhook URL the connector expects and whether its secret is set,
// the items bound to it and its API usage against its limits; forms to add a portal or a site by name (a portal also
// through its OAuth app), and per row the webhook settings, a new name, revoking and, once revoked, reconnecting with new
// credentials. No token or secret is ever shown: the API never answers one.
const API = {
  hubspot: { path: '/api/connections/hubspot', table: '#hubspot-table', label: 'HubSpot portal' },
  jira: { path: '/api/connections/jira', table: '#jira-table', label: 'Jira site' },
};
const HEALTH = { UP: ['ok', 'Healthy'], DOWN: ['bad', 'Down'], REVOKED: ['off', 'Revoked'] };
const connections = { hubspot: [], jira: [] };
const TOKEN_KINDS = [['SERVICE_KEY', 'Service Key (no HubSpot webhooks)'], ['PROJECT_APP', "Project-based app's static token"],
  ['PRIVATE_APP', 'Legacy private app token (until September 2027)'], ['', 'Not sure']];
document.querySelectorAll('select.token-kinds').forEach(select => {
  select.innerHTML = TOKEN_KINDS.map(([value, text]) => `<option value="${value}">${esc(text)}</option>`).join('');
});

/**
 * Runs `action(form)` when the form is sent; the API's refusal (problem+json) is shown at the fields it names, the rest
 * in the form's general error line.
 */
function onSubmit(formId, errorId, action) {
  document.getElementById(formId).addEventListener('submit', async e => {
    e.preventDefault();
    const error = document.getElementById(errorId);
    error.textContent = '';
    try {
      await action(e.target);
    } catch (err) {
      error.textContent = err.body ? showFieldErrors(e.target, err.body) || '' : err.message;
    }
  });
}

/** The form, emptied of what was typed and of the errors shown. */
function freshForm(id) {
  const form = document.getElementById(id);
  form.reset();
  form.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  return form;
}

function stateCell(c) {
  const lozenge = c.state === 'ACTIVE' ? '<span class="lozenge ok">Active</span>' : '<span class="lozenge off">Revoked</span>';
  return lozenge + (c.first ? '<div class="muted" title="The start-up settings and the single-connection API paths manage it">first</div>' : '');
}
function healthCell(c) {
  const [cls, text] = HEALTH[c.health.status] || ['warn', humanize(c.health.status)];
  return `<span class="lozenge ${cls}">${esc(text)}</span>`
    + (c.health.error ? `<div class="muted health-error">${esc(c.health.error)}</div>` : '')
    + (c.health.checkedAt && c.health.status !== 'REVOKED' ? `<div class="muted">checked ${agoHtml(c.health.checkedAt)}</div>` : '');
}
function webhookCell(c) {
  const secret = c.webhook.secretSet
    ? `<span class="lozenge ok">Secret set</span>${c.webhook.secretFrom && c.webhook.secretFrom !== 'connection' ? ` <span class="muted">from ${esc(c.webhook.secretFrom)}</span>` : ''}`
    : '<span class="lozenge warn">No secret</span>';
  return `<div><code class="webhook-url">${esc(c.webhook.url)}</code></div><div class="webhook-secret">${secret}</div>`;
}
function usageCell(c) {
  const u = c.usage;
  const limits = u.limits.filter(l => l.used !== null && l.used !== undefined).map(l => l.name === 'daily'
    ? `${fmtNumber(l.remaining)} of ${fmtNumber(l.limit)} left today`
    : `${fmtNumber(l.used)} of ${fmtNumber(l.limit)} per ${esc(l.per)}`);
  const shared = u.sharedWith.length ? `<div class="muted">budget shared with ${u.sharedWith.map(esc).join(', ')}</div>` : '';
  return `<div class="usage">${fmtNumber(u.callsLast60s)} ${u.callsLast60s === 1 ? 'call' : 'calls'} in the last minute</div>`
    + limits.map(l => `<div class="muted">${l}</div>`).join('') + shared;
}
function itemsCell(c) {
  const stopped = c.state !== 'ACTIVE' && c.items > 0
    ? `<div class="stopped"><span class="lozenge warn" title="Their links are kept: reconnect to resume them">stopped</span></div>` : '';
  return fmtNumber(c.items) + stopped;
}
function actions(c) {
  const change = c.state === 'ACTIVE' ? `<button class="danger" data-action="revoke">Revoke</button>`
    : `<button data-action="reconnect">Reconnect…</button>`;
  return `<button class="secondary" data-action="webhook">Webhooks…</button><button class="secondary" data-action="rename">Rename</button>${change}`;
}
function row(which, c) {
  const where = which === 'hubspot'
    ? `${esc(c.portalId)}<div class="muted">${esc(c.uiDomain || '')}${c.credential ? ' · ' + esc(c.credential.label) : ''}</div>`
    : `<a href="${esc(c.baseUrl)}" target="_blank" rel="noopener">${esc(c.baseUrl)}</a><div class="muted">as ${esc(c.displayName || c.email)}</div>`;
  return `<tr data-connection="${c.id}" data-state="${esc(c.state)}" data-health="${esc(c.health.status)}">
    <td class="name"><strong>${esc(c.name)}</strong></td><td>${where}</td><td>${stateCell(c)}</td><td>${healthCell(c)}</td>
    <td>${webhookCell(c)}</td><td class="num items">${itemsCell(c)}</td><td>${usageCell(c)}</td><td class="nowrap">${actions(c)}</td>
  </tr>`;
}
async function load(which) {
  const answer = await api('GET', API[which].path);
  connections[which] = answer.connections || [];
  document.querySelector(`${API[which].table} tbody`).innerHTML = connections[which].map(c => row(which, c)).join('')
    || `<tr><td colspan="8" class="empty">No ${API[which].label} yet — add the first one below.</td></tr>`;
}

async function add(which, form, body) {
  const error = document.getElementById(`add-${which}-error`);
  error.textContent = '';
  try {
    const added = await api('POST', API[which].path, body);
    form.reset();
    form.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
    toast(`${API[which].label} ${added.name} added`);
    await load(which);
  } catch (err) {
    error.textContent = showFieldErrors(form, err.body) || '';
  }
}
document.getElementById('add-hubspot-form').addEventListener('submit', e => {
  e.preventDefault();
  const f = e.target;
  add('hubspot', f, { name: f.name.value, portalId: f.portalId.value, token: f.token.value, kind: f.kind.value,
    ...(f.webhookSecret.value ? { webhookSecret: f.webhookSecret.value } : {}) });
});
document.getElementById('add-jira-form').addEventListener('submit', e => {
  e.preventDefault();
  const f = e.target;
  add('jira', f, { name: f.name.value, baseUrl: f.baseUrl.value, email: f.email.value, apiToken: f.apiToken.value,
    ...(f.webhookSecret.value ? { webhookSecret: f.webhookSecret.value } : {}) });
});

// ---- OAuth install: to HubSpot's consent page and back here with the code --------------------------------------------
// The redirect URI is this page; what the page needs again when HubSpot sends the browser back (client id, redirect URI,
// which connection) waits in the tab's session storage. The client secret is asked only on the way back, never stored.
const OAUTH_PENDING = 'hubspotOAuthInstall';
const REDIRECT_URI = location.origin + location.pathname;
document.getElementById('oauth-redirect-uri').textContent = REDIRECT_URI;

/** Asks the API for the consent URL of an install into `target` ({name} of a new connection or {connectionId}) and goes there. */
async function startOAuth(target, clientId, scopes, label) {
  const query = new URLSearchParams({ clientId, redirectUri: REDIRECT_URI, scopes });
  if (target.name !== undefined) query.set('name', target.name);
  if (target.connectionId !== undefined) query.set('connectionId', String(target.connectionId));
  const consent = await api('GET', `${API.hubspot.path}/oauth/authorize-url?${query}`);
  sessionStorage.setItem(OAUTH_PENDING, JSON.stringify({ clientId: clientId.trim(), redirectUri: REDIRECT_URI, label }));
  location.assign(consent.url);
}
onSubmit('oauth-hubspot-form', 'oauth-hubspot-error',
  f => startOAuth({ name: f.elements.name.value }, f.clientId.value, f.scopes.value, f.elements.name.value.trim()));

/** HubSpot's answer (?code=&state=, or ?error=): taken off the address at once, kept here for the exchange. */
const oauthReturn = (() => {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('state') && !params.has('error')) return null;
  history.replaceState(null, '', location.pathname);
  const pending = JSON.parse(sessionStorage.getItem(OAUTH_PENDING) || 'null');
  return { code: params.get('code'), state: params.get('state'), error: params.get('error'),
    errorDescription: params.get('error_description'), pending };
})();
function showOAuthReturn() {
  if (!oauthReturn) return;
  const section = document.getElementById('oauth-finish');
  const form = document.getElementById('oauth-finish-form');
  section.hidden = false;
  const label = oauthReturn.pending && oauthReturn.pending.label;
  document.getElementById('oauth-finish-title').textContent = label ? `Finish the HubSpot install of ${label}` : 'Finish the HubSpot install';
  if (oauthReturn.error) {
    form.hidden = true;
    document.getElementById('oauth-finish-where').textContent = `HubSpot did not install the app: ${oauthReturn.errorDescription || oauthReturn.error}. `
      + 'Nothing was saved; start the install again.';
    sessionStorage.removeItem(OAUTH_PENDING);
    return;
  }
  form.clientId.value = (oauthReturn.pending && oauthReturn.pending.clientId) || '';
  form.clientSecret.focus();
}
onSubmit('oauth-finish-form', 'oauth-finish-error', async form => {
  const installed = await api('POST', `${API.hubspot.path}/oauth`, { clientId: form.clientId.value, clientSecret: form.clientSecret.value,
    redirectUri: (oauthReturn.pending && oauthReturn.pending.redirectUri) || REDIRECT_URI, code: oauthReturn.code, state: oauthReturn.state });
  sessionStorage.removeItem(OAUTH_PENDING);
  form.reset();
  document.getElementById('oauth-finish').hidden = true;
  toast(`HubSpot portal ${installed.portalId} installed as ${installed.name}`);
  await load('hubspot');
});
document.getElementById('of-cancel').addEventListener('click', () => {
  sessionStorage.removeItem(OAUTH_PENDING);
  document.getElementById('oauth-finish').hidden = true;
});

// ---- per connection: webhooks, name, revoke -------------------------------------------------------------------------
const dialog = document.getElementById('webhook-dialog');
let editing = null;
function openWebhooks(which, c) {
  editing = { which, c };
  const form = freshForm('webhook-form');
  document.getElementById('webhook-title').textContent = `Webhooks of ${c.name}`;
  document.getElementById('webhook-where').textContent = which === 'hubspot'
    ? `Point the HubSpot app's webhooks at ${c.webhook.url}; the secret is that app's client secret.`
    : `Create a Jira admin webhook pointing at ${c.webhook.url} with this secret.`;
  document.getElementById('wh-hubspot-url').hidden = which !== 'hubspot';
  document.getElementById('wh-jira-forge').hidden = which !== 'jira';
  if (which === 'hubspot') form.webhookUrl.value = c.webhook.urlFrom === 'connection' ? c.webhook.url : '';
  if (which === 'jira') form.forgeInstallationId.value = c.forgeInstallationId || '';
  dialog.showModal();
}
document.getElementById('webhook-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const { which, c } = editing;
  const body = {};
  if (form.webhookSecret.value) body.webhookSecret = form.webhookSecret.value;
  if (document.getElementById('wh-clear').checked) body.webhookSecret = '';
  if (which === 'hubspot') body.webhookUrl = form.webhookUrl.value;
  if (which === 'jira') body.forgeInstallationId = form.forgeInstallationId.value;
  try {
    await api('PUT', `${API[which].path}/${c.id}`, body);
    dialog.close();
    toast(`Webhooks of ${c.name} saved`);
    await load(which);
  } catch (err) {
    document.getElementById('webhook-error').textContent = showFieldErrors(form, err.body) || '';
  }
});
document.getElementById('wh-cancel').addEventListener('click', () => dialog.close());

// ---- a revoked connection: new credentials, checked by HubSpot or Jira before anything is saved ------------------
const reconnectDialog = document.getElementById('reconnect-dialog');
let reconnecting = null;
function openReconnect(which, c) {
  reconnecting = { which, c };
  const form = freshForm('reconnect-form');
  document.getElementById('reconnect-title').textContent = `Reconnect ${c.name}`;
  document.getElementById('reconnect-where').textContent = `Its ${c.items} item(s) resume on their links once the new credentials `
    + (which === 'hubspot' ? 'are accepted by HubSpot' : 'are accepted by the site') + '; nothing is created twice.';
  document.getElementById('rc-hubspot').hidden = which !== 'hubspot';
  document.getElementById('rc-oauth').hidden = which !== 'hubspot';
  document.getElementById('rc-jira').hidden = which !== 'jira';
  if (which === 'hubspot') {
    form.portalId.value = c.portalId || '';
    form.kind.value = c.credential && c.credential.declared && c.credential.kind !== 'OAUTH' ? c.credential.kind : '';
    form.clientId.value = c.oauthClientId || '';
    form.scopes.value = c.scopes || '';
  } else {
    form.baseUrl.value = c.baseUrl || '';
    form.email.value = c.email || '';
  }
  reconnectDialog.showModal();
}
onSubmit('reconnect-form', 'reconnect-error', async form => {
  const { which, c } = reconnecting;
  const body = which === 'hubspot'
    ? { portalId: form.portalId.value, token: form.token.value, kind: form.kind.value }
    : { baseUrl: form.baseUrl.value, email: form.email.value, apiToken: form.apiToken.value };
  const reconnected = await api('PUT', `${API[which].path}/${c.id}`, body);
  reconnectDialog.close();
  toast(`${reconnected.name} reconnected: its items resume`);
  await load(which);
});
document.getElementById('rc-oauth-start').addEventListener('click', async () => {
  const form = document.getElementById('reconnect-form');
  const { c } = reconnecting;
  document.getElementById('rc-oauth-error').textContent = '';
  try {
    await startOAuth({ connectionId: c.id }, form.clientId.value, form.scopes.value, c.name);
  } catch (err) {
    document.getElementById('rc-oauth-error').textContent = showFieldErrors(form, err.body) || '';
  }
});
document.getElementById('rc-cancel').addEventListener('click', () => reconnectDialog.close());

for (const which of Object.keys(API)) {
  document.querySelector(`${API[which].table} tbody`).addEventListener('click', async e => {
    const action = e.target.dataset.action;
    if (!action) return;
    const id = Number(e.target.closest('tr').dataset.connection);
    const c = connections[which].find(x => x.id === id);
    try {
      if (action === 'webhook') { openWebhooks(which, c); return; }
      if (action === 'reconnect') { openReconnect(which, c); return; }
      if (action === 'rename') {
        const name = prompt(`New name of ${c.name}`, c.name);
        if (name === null || name === c.name) return;
        await api('PUT', `${API[which].path}/${id}`, { name });
        toast(`Renamed to ${name}`);
      }
      if (action === 'revoke') {
        if (!confirm(`Revoke ${c.name}? Its credential is erased and its ${c.items} item(s) stop; their links are kept.`)) return;
        await api('DELETE', `${API[which].path}/${id}`);
        toast(`${c.name} revoked`);
      }
      await load(which);
    } catch (err) { toast(err.message); }
  });
}

showOAuthReturn();
Promise.all([load('hubspot'), load('jira')]).catch(e => toast(e.message)).finally(markReady);
