// Connections page: every HubSpot portal and Jira site the connector holds (GET /api/connections/hubspot|jira, their
// `connections`), each with its state, health, the webhook URL the connector expects and whether its secret is set,
// the items bound to it and its API usage against its limits; forms to add a portal or a site by name, and per row
// the webhook settings, a new name and revoking. No token or secret is ever shown: the API never answers one.
const API = {
  hubspot: { path: '/api/connections/hubspot', table: '#hubspot-table', label: 'HubSpot portal' },
  jira: { path: '/api/connections/jira', table: '#jira-table', label: 'Jira site' },
};
const HEALTH = { UP: ['ok', 'Healthy'], DOWN: ['bad', 'Down'], REVOKED: ['off', 'Revoked'] };
const connections = { hubspot: [], jira: [] };

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
function actions(c) {
  const revoke = c.state === 'ACTIVE' ? `<button class="danger" data-action="revoke">Revoke</button>` : '';
  return `<button class="secondary" data-action="webhook">Webhooks…</button><button class="secondary" data-action="rename">Rename</button>${revoke}`;
}
function row(which, c) {
  const where = which === 'hubspot'
    ? `${esc(c.portalId)}<div class="muted">${esc(c.uiDomain || '')}${c.credential ? ' · ' + esc(c.credential.label) : ''}</div>`
    : `<a href="${esc(c.baseUrl)}" target="_blank" rel="noopener">${esc(c.baseUrl)}</a><div class="muted">as ${esc(c.displayName || c.email)}</div>`;
  return `<tr data-connection="${c.id}" data-state="${esc(c.state)}" data-health="${esc(c.health.status)}">
    <td class="name"><strong>${esc(c.name)}</strong></td><td>${where}</td><td>${stateCell(c)}</td><td>${healthCell(c)}</td>
    <td>${webhookCell(c)}</td><td class="num items">${fmtNumber(c.items)}</td><td>${usageCell(c)}</td><td class="nowrap">${actions(c)}</td>
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

// ---- per connection: webhooks, name, revoke -------------------------------------------------------------------------
const dialog = document.getElementById('webhook-dialog');
let editing = null;
function openWebhooks(which, c) {
  editing = { which, c };
  const form = document.getElementById('webhook-form');
  form.reset();
  form.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
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

for (const which of Object.keys(API)) {
  document.querySelector(`${API[which].table} tbody`).addEventListener('click', async e => {
    const action = e.target.dataset.action;
    if (!action) return;
    const id = Number(e.target.closest('tr').dataset.connection);
    const c = connections[which].find(x => x.id === id);
    try {
      if (action === 'webhook') { openWebhooks(which, c); return; }
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

Promise.all([load('hubspot'), load('jira')]).catch(e => toast(e.message)).finally(markReady);
