// Admin page: HubSpot and Jira connections, Smart Connected Items (table with labels in words, create/edit with errors
// at their fields). Health, dead letters and activity per item live on their own pages (index.html, dead-letters.html).
const state = { catalog: [], editing: null, properties: [], jiraFields: [], statuses: [] };

// ---- connections ------------------------------------------------------------------------------------------
async function loadConnections() {
  const c = await api('GET', '/api/connections');
  const hs = c.hubspot;
  document.getElementById('hubspot-connected').hidden = !hs.connected;
  document.getElementById('hubspot-form').hidden = hs.connected;
  if (hs.connected) {
    document.getElementById('hs-portal').textContent = hs.portalId;
    document.getElementById('hs-kind').textContent = hs.credential ? hs.credential.label : hs.authType;
  }
  const j = c.jira;
  document.getElementById('jira-connected').hidden = !j.connected;
  document.getElementById('jira-form').hidden = j.connected;
  if (j.connected) {
    document.getElementById('jira-site').textContent = j.baseUrl;
    document.getElementById('jira-account').textContent = `${j.displayName || ''} (${j.accountId})`;
  }
}

document.getElementById('hubspot-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  try {
    await api('PUT', '/api/connections/hubspot', { portalId: form.portalId.value, token: form.token.value, kind: form.kind.value });
    form.token.value = '';
    toast('HubSpot connected');
    await loadConnections();
    await loadCatalog();
  } catch (err) {
    document.getElementById('hubspot-error').textContent = showFieldErrors(form, err.body) || '';
  }
});
document.getElementById('revoke-hubspot').addEventListener('click', async () => {
  if (!confirm('Revoke the HubSpot connection?')) return;
  await api('DELETE', '/api/connections/hubspot');
  toast('HubSpot connection revoked');
  await loadConnections();
});
document.getElementById('jira-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  try {
    await api('PUT', '/api/connections/jira', { baseUrl: form.jiraBaseUrl.value, email: form.jiraEmail.value, apiToken: form.jiraToken.value });
    form.jiraToken.value = '';
    toast('Jira connected');
    await loadConnections();
  } catch (err) {
    document.getElementById('jira-error').textContent = showFieldErrors(form, err.body) || '';
  }
});
document.getElementById('revoke-jira').addEventListener('click', async () => {
  if (!confirm('Revoke the Jira connection?')) return;
  await api('DELETE', '/api/connections/jira');
  await loadConnections();
});

// ---- items table ------------------------------------------------------------------------------------------
/** "Deal name (dealname)": the label, and the raw id in a muted span when it differs. */
function labelled(label, raw) {
  if (!label || label.value === undefined || !label.label || label.label === raw) return esc(raw);
  return `${esc(label.label)} <span class="muted">(${esc(raw)})</span>`;
}
/** "Deal name → Summary (dealname → summary)": both the labels and the ids the mapping is stored with. */
function mappingSummary(m, label) {
  const raw = `${m.hubspotProperty} ${m.direction} ${m.jiraField}`;
  const title = label && label.ownerLabel ? ` title="${esc(label.ownerLabel)}"` : '';
  if (!label || (label.hubspot.label === m.hubspotProperty && label.jira.label === m.jiraField)) {
    return `<div class="mapping-summary"${title}>${esc(raw)}</div>`;
  }
  return `<div class="mapping-summary"${title}>${esc(label.hubspot.label)} <strong>${esc(m.direction)}</strong> ${esc(label.jira.label)}
    <span class="muted">(${esc(raw)})</span></div>`;
}
async function loadItems() {
  const [rows, health] = await Promise.all([api('GET', '/api/items'), api('GET', '/api/dashboard').catch(() => [])]);
  const labels = Object.fromEntries((health || []).map(h => [h.id, h.labels || {}]));
  const body = document.querySelector('#items-table tbody');
  body.innerHTML = rows.map(r => {
    const l = labels[r.id] || {};
    const mappingLabels = l.mappings || [];
    const projects = (l.projects && l.projects.length === r.jiraProjects.length) ? l.projects.map(p => p.label) : r.jiraProjects;
    return `
    <tr data-item="${r.id}">
      <td>${esc(r.name)}</td><td class="mode">${labelled(l.mode, r.mode)}</td><td>${labelled(l.object, r.hubspotObject)}</td><td>${esc(projects.join(', '))}</td>
      <td>${r.mappings.map((m, i) => mappingSummary(m, mappingLabels[i] && mappingLabels[i].hubspot.value === m.hubspotProperty ? mappingLabels[i] : null)).join('') || '<span class="muted">none</span>'}</td>
      <td>${r.enabled ? '<span class="lozenge ok">Enabled</span>' : '<span class="lozenge off">Paused</span>'}</td>
      <td><button class="secondary" data-action="edit">Edit</button><button class="secondary" data-action="${r.enabled ? 'pause' : 'resume'}">${r.enabled ? 'Pause' : 'Resume'}</button>
          <a class="button secondary" data-action="health" href="index.html?itemId=${r.id}" title="How this item is doing, on the dashboard">Health</a><button class="secondary" data-action="dry-run" title="What the next poll would do, without doing it">Dry run</button><button class="secondary" data-action="bulk-connect" title="Link the Jira issues that already exist for this item's records, by its match rule">Bulk connect</button><button class="danger" data-action="delete">Delete</button></td>
    </tr>`;
  }).join('') || '<tr><td colspan="7" class="empty">No Smart Connected Items yet — create the first one below.</td></tr>';
}
document.querySelector('#items-table tbody').addEventListener('click', async e => {
  const action = e.target.dataset.action;
  if (!action || action === 'health') return; // Health is a link to the dashboard
  const id = e.target.closest('tr').dataset.item;
  try {
    if (action === 'edit') { await openEditor(await api('GET', `/api/items/${id}`)); }
    if (action === 'pause' || action === 'resume') { await api('POST', `/api/items/${id}/${action}`); await loadItems(); }
    if (action === 'delete' && confirm('Delete this Smart Connected Item?')) { await api('DELETE', `/api/items/${id}`); await loadItems(); }
    if (action === 'dry-run') { showDryRun(await api('POST', `/api/items/${id}/dry-run`)); }
    if (action === 'bulk-connect') { showBulkConnect(id, await api('POST', `/api/items/${id}/bulk-connect`)); }
  } catch (err) { toast(err.message); }
});

// ---- bulk connect: link what already exists ---------------------------------------------------------------------
function bulkSummary(r) {
  return `${fmtNumber(r.records)} records: would link ${fmtNumber(r.toLink)} to existing issues, create ${fmtNumber(r.toCreate)}, `
    + `conflicts ${fmtNumber(r.conflicts)}${r.alreadyLinked ? `, ${fmtNumber(r.alreadyLinked)} already linked` : ''}.`;
}
function showBulkConnect(id, r) {
  const box = document.getElementById('bulk-connect');
  box.hidden = false;
  document.getElementById('bulk-summary').textContent = 'Dry run — nothing written yet. ' + bulkSummary(r);
  document.querySelector('#bulk-conflicts tbody').innerHTML = r.conflictList.length
    ? r.conflictList.map(c => `<tr><td>${esc(c.recordId)}</td><td>${esc(c.value)}</td><td>${c.candidates.map(esc).join(', ')}</td></tr>`).join('')
    : '<tr><td colspan="3" class="muted">none</td></tr>';
  const apply = document.getElementById('bulk-apply');
  apply.disabled = r.toLink === 0;
  apply.onclick = async () => {
    apply.disabled = true;
    const progress = document.getElementById('bulk-progress');
    const timer = setInterval(async () => {
      try {
        const p = await api('GET', `/api/items/${id}/bulk-connect`);
        progress.textContent = `${p.state === 'RUNNING' ? 'Running' : humanize(p.state)}: ${fmtNumber(p.records)}${p.expectedTotal ? ' of ' + fmtNumber(p.expectedTotal) : ''} records, ${fmtNumber(p.linked)} linked`;
      } catch (e) { /* not started yet */ }
    }, 1000);
    try {
      const done = await api('POST', `/api/items/${id}/bulk-connect?apply=true`);
      progress.textContent = `Done${done.resumed ? ' (resumed where the last run stopped)' : ''}: ${fmtNumber(done.records)} records, `
        + `linked ${fmtNumber(done.linked)} to existing issues, ${fmtNumber(done.toCreate)} left for the poll to create, ${fmtNumber(done.conflicts)} conflicts.`;
      toast(`Linked ${done.linked} record${done.linked === 1 ? '' : 's'} to existing issues`);
    } catch (err) {
      progress.textContent = `Stopped: ${err.message} — apply again to resume where it stood.`;
      apply.disabled = false;
    } finally { clearInterval(timer); }
  };
  box.scrollIntoView();
}

// ---- dry run: what the next poll would do --------------------------------------------------------------------
function fieldList(fields) {
  return Object.entries(fields || {}).map(([k, v]) => `<div><span class="muted">${esc(k)}</span> = ${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : v)}</div>`).join('');
}
function showDryRun(p) {
  const box = document.getElementById('dry-run');
  box.hidden = false;
  const rows = (list, render) => list.length ? list.map(render).join('') : '<tr><td colspan="4" class="muted">none</td></tr>';
  document.getElementById('dry-run-title').textContent = `Dry run of “${p.item}”`;
  document.getElementById('dry-run-summary').textContent = `Read ${p.recordsRead} record${p.recordsRead === 1 ? '' : 's'}${p.moreToRead ? ' (more follow)' : ''}: `
    + `would create ${p.creations.length} issue${p.creations.length === 1 ? '' : 's'}, change fields of ${p.fieldChanges.length}, `
    + `move ${p.statusChanges.length} status${p.statusChanges.length === 1 ? '' : 'es'}, copy notes of ${p.notesToCopy.length}; ${p.skipped.length} left as they are. Nothing was written.`;
  document.querySelector('#dry-run-creations tbody').innerHTML = rows(p.creations, c =>
    `<tr><td><a href="${esc(c.recordUrl)}" target="_blank" rel="noopener">${esc(c.recordId)}</a></td><td>${fieldList(c.fields)}</td><td>${esc(c.status || '—')}</td><td>${c.notesToCopy}</td></tr>`);
  document.querySelector('#dry-run-changes tbody').innerHTML = rows(p.fieldChanges, c =>
    `<tr><td>${esc(c.recordId)}</td><td><a href="${esc(c.issueUrl)}" target="_blank" rel="noopener">${esc(c.issueKey)}</a></td><td colspan="2">${fieldList(c.fields)}</td></tr>`);
  document.querySelector('#dry-run-moves tbody').innerHTML = rows(p.statusChanges, m =>
    `<tr><td>${esc(m.recordId)}</td><td>${esc(m.issueKey)}</td><td>${m.side === 'ISSUE' ? 'Jira issue' : 'HubSpot stage'}</td><td>${esc(m.from || '')} → ${esc(m.to)}</td></tr>`);
  document.querySelector('#dry-run-skipped tbody').innerHTML = rows(p.skipped, k => `<tr><td>${esc(k.recordId)}</td><td colspan="3">${esc(k.reason)}</td></tr>`);
  box.scrollIntoView();
}

// ---- item editor ------------------------------------------------------------------------------------------
/** The active connections an item may bind, by name; the catalog below is read from the ones chosen. */
async function loadItemConnections() {
  for (const [kind, id] of [['hubspot', 'item-hubspot-connection'], ['jira', 'item-jira-connection']]) {
    let list = [];
    try { list = (await api('GET', `/api/connections/${kind}`)).connections || []; } catch (e) { /* not connected yet */ }
    const select = document.getElementById(id);
    const current = select.value;
    select.innerHTML = list.filter(c => c.state === 'ACTIVE').map(c => `<option value="${esc(c.name)}">${esc(c.name)}</option>`).join('');
    if ([...select.options].some(o => o.value === current)) select.value = current;
  }
}
/** The catalog query naming the chosen connection of one side ('' while none is listed). */
function onConnection(kind) {
  const name = document.getElementById(`item-${kind}-connection`).value;
  return name ? `?${kind}=${encodeURIComponent(name)}` : '';
}
async function loadCatalog() {
  await loadItemConnections();
  try { state.catalog = await api('GET', '/api/catalog/hubspot/modules' + onConnection('hubspot')); } catch (e) { state.catalog = []; }
  // what was chosen stays chosen when the other connection's catalog has it too
  const modules = document.getElementById('item-module');
  const module = modules.value;
  modules.innerHTML = state.catalog.map(m => `<option value="${m.module}">${esc(m.label)}</option>`).join('');
  if ([...modules.options].some(o => o.value === module)) modules.value = module;
  try {
    const projects = await api('GET', '/api/catalog/jira/projects' + onConnection('jira'));
    const select = document.getElementById('item-projects');
    const chosen = [...select.selectedOptions].map(o => o.value);
    select.innerHTML = projects.map(p => `<option value="${esc(p.key)}">${esc(p.key)} — ${esc(p.name)}</option>`).join('');
    for (const o of select.options) o.selected = chosen.includes(o.value);
  } catch (e) { /* Jira not connected yet */ }
  fillObjects();
  state.catalogFrom = `${document.getElementById('item-hubspot-connection').value}|${document.getElementById('item-jira-connection').value}`;
}
function fillObjects() {
  const module = state.catalog.find(m => m.module === document.getElementById('item-module').value);
  const select = document.getElementById('item-object');
  const object = select.value;
  select.innerHTML = (module ? module.objects : []).map(o =>
    `<option value="${esc(o.name)}" ${o.readable ? '' : 'disabled'}>${esc(o.label)}${o.readable ? '' : ' (missing scopes: ' + esc(o.missingScopes.join(', ')) + ')'}</option>`).join('');
  if ([...select.options].some(o => o.value === object && !o.disabled)) select.value = object;
}
async function loadObjectMetadata() {
  const object = document.getElementById('item-object').value;
  if (!object) return;
  state.properties = await api('GET', `/api/catalog/hubspot/objects/${object}/properties` + onConnection('hubspot'));
  const options = state.properties.map(p => `<option value="${esc(p.name)}">${esc(p.label)} (${esc(p.name)})</option>`).join('');
  document.getElementById('item-display').innerHTML = options;
  document.getElementById('rule-property').innerHTML = options;
  document.querySelectorAll('.map-hubspot').forEach(s => { const v = s.value; s.innerHTML = options; s.value = v; });
}
async function loadProjectMetadata() {
  const projects = [...document.getElementById('item-projects').selectedOptions].map(o => o.value);
  if (projects.length !== 1) return;
  const types = await api('GET', `/api/catalog/jira/projects/${projects[0]}/issue-types` + onConnection('jira'));
  const typeSelect = document.getElementById('item-issuetype');
  const current = typeSelect.value;
  typeSelect.innerHTML = types.map(t => `<option value="${esc(t.id)}">${esc(t.name)}</option>`).join('');
  if (current) typeSelect.value = current;
  state.statuses = await api('GET', `/api/catalog/jira/projects/${projects[0]}/statuses` + onConnection('jira'));
  const statusOptions = state.statuses.map(s => `<option>${esc(s.name)}</option>`).join('');
  for (const [id, empty] of [['rule-met', '(choose a status)'], ['rule-notmet', '(leave the status unchanged)']]) {
    const select = document.getElementById(id);
    const current = select.value;
    select.innerHTML = `<option value="">${empty}</option>` + statusOptions;
    select.value = [...select.options].some(o => o.value === current) ? current : '';
  }
  await loadFields();
}
async function loadFields() {
  const project = [...document.getElementById('item-projects').selectedOptions].map(o => o.value)[0];
  const type = document.getElementById('item-issuetype').value;
  if (!project || !type) return;
  state.jiraFields = await api('GET', `/api/catalog/jira/projects/${project}/issue-types/${type}/fields` + onConnection('jira'));
  const options = state.jiraFields.filter(f => !['project', 'issuetype'].includes(f.fieldId))
    .map(f => `<option value="${esc(f.fieldId)}">${esc(f.name)}${f.required ? ' *' : ''}</option>`).join('');
  document.querySelectorAll('.map-jira').forEach(s => { const v = s.value; s.innerHTML = options; s.value = v; });
}
function addMapping(m = {}) {
  const row = document.createElement('div');
  row.className = 'mapping';
  row.innerHTML = `<select class="map-hubspot"></select>
    <select class="map-owner"><option value="HUBSPOT">→ HubSpot owns</option><option value="JIRA">← Jira owns</option><option value="BOTH">⇄ Both own</option></select>
    <select class="map-jira"></select><button type="button" class="secondary" title="Remove">✕</button><div class="error"></div>`;
  row.querySelector('.map-hubspot').innerHTML = state.properties.map(p => `<option value="${esc(p.name)}">${esc(p.label)} (${esc(p.name)})</option>`).join('');
  row.querySelector('.map-jira').innerHTML = state.jiraFields.map(f => `<option value="${esc(f.fieldId)}">${esc(f.name)}</option>`).join('');
  if (m.hubspotProperty) row.querySelector('.map-hubspot').value = m.hubspotProperty;
  if (m.jiraField) row.querySelector('.map-jira').value = m.jiraField;
  if (m.owner) row.querySelector('.map-owner').value = m.owner;
  row.querySelector('button').addEventListener('click', () => row.remove());
  document.getElementById('mappings').appendChild(row);
  applyOwnerState(row.querySelector('.map-owner'), document.getElementById('item-mode').value);
}
const OWNER_EXPLANATIONS = {
  ONE_WAY: 'Set by the mode: One way maps HubSpot → Jira. Choose Custom to set each field\'s direction.',
  TWO_WAY: 'Set by the mode: Two way syncs every field both ways (HubSpot ⇄ Jira). Choose Custom to set each field\'s direction.',
};
/** The direction is the mode's unless the mode is Custom: the select is disabled and says why. */
function applyOwnerState(select, mode) {
  const custom = mode === 'CUSTOM';
  select.disabled = !custom;
  select.title = custom ? 'Who owns this field: its changes are copied to the other side' : (OWNER_EXPLANATIONS[mode] || '');
}
function modeChanged() {
  const mode = document.getElementById('item-mode').value;
  document.getElementById('sync-box').hidden = mode === 'DISPLAY_ONLY';
  document.getElementById('display-fields-box').hidden = mode !== 'DISPLAY_ONLY';
  document.getElementById('item-projects').multiple = mode === 'DISPLAY_ONLY';
  document.querySelectorAll('.map-owner').forEach(s => applyOwnerState(s, mode));
  const explanation = document.getElementById('owner-explanation');
  explanation.textContent = OWNER_EXPLANATIONS[mode] || '';
  explanation.hidden = mode === 'CUSTOM' || !OWNER_EXPLANATIONS[mode];
}
async function openEditor(item) {
  state.editing = item;
  const d = item ? item.definition : {};
  document.getElementById('editor-title').textContent = item ? `Edit ${d.name}` : 'Create Smart Connected Item';
  document.getElementById('item-editor').hidden = false;
  document.getElementById('item-name').value = d.name || '';
  document.getElementById('item-mode').value = d.mode || 'ONE_WAY';
  await loadItemConnections();
  if (d.hubspotConnection) document.getElementById('item-hubspot-connection').value = d.hubspotConnection;
  if (d.jiraConnection) document.getElementById('item-jira-connection').value = d.jiraConnection;
  await loadCatalog();
  if (d.hubspotModule) document.getElementById('item-module').value = d.hubspotModule;
  fillObjects();
  if (d.hubspotObject) document.getElementById('item-object').value = d.hubspotObject;
  await loadObjectMetadata();
  for (const o of document.getElementById('item-projects').options) o.selected = (d.jiraProjects || []).includes(o.value);
  if (d.jiraIssueType) document.getElementById('item-issuetype').innerHTML = `<option value="${esc(d.jiraIssueType)}">${esc(d.jiraIssueType)}</option>`;
  await loadProjectMetadata();
  if (d.jiraIssueType) document.getElementById('item-issuetype').value = d.jiraIssueType;
  for (const o of document.getElementById('item-display').options) o.selected = (d.displayFields || []).includes(o.value);
  document.getElementById('mappings').innerHTML = '';
  (d.fieldMappings || []).forEach(addMapping);
  for (const opt of ['autoCreate', 'statusSync', 'commentsSync', 'attachmentsSync', 'associatedRecords']) {
    document.getElementById('opt-' + opt).checked = !!d[opt];
  }
  document.getElementById('rule-on').checked = !!d.rule;
  if (d.rule) {
    document.getElementById('rule-property').value = d.rule.property;
    document.getElementById('rule-operator').value = d.rule.operator;
    document.getElementById('rule-value').value = d.rule.value || '';
    document.getElementById('rule-met').value = d.rule.metStatus || '';
    document.getElementById('rule-create').checked = !!d.rule.createWhenNotMet;
    document.getElementById('rule-notmet').value = d.rule.notMetStatus || '';
  }
  modeChanged();
  document.getElementById('item-form').querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  document.getElementById('item-editor').scrollIntoView();
}
function readEditor() {
  const mode = document.getElementById('item-mode').value;
  const synced = mode !== 'DISPLAY_ONLY';
  const definition = {
    name: document.getElementById('item-name').value,
    mode,
    hubspotConnection: document.getElementById('item-hubspot-connection').value || null,
    jiraConnection: document.getElementById('item-jira-connection').value || null,
    hubspotModule: document.getElementById('item-module').value,
    hubspotObject: document.getElementById('item-object').value,
    jiraProjects: [...document.getElementById('item-projects').selectedOptions].map(o => o.value),
    jiraIssueType: synced ? document.getElementById('item-issuetype').value : null,
    displayFields: synced ? [] : [...document.getElementById('item-display').selectedOptions].map(o => o.value),
    fieldMappings: synced ? [...document.querySelectorAll('#mappings .mapping')].map(r => ({
      hubspotProperty: r.querySelector('.map-hubspot').value, jiraField: r.querySelector('.map-jira').value,
      owner: mode === 'CUSTOM' ? r.querySelector('.map-owner').value : null })) : [],
    associatedRecords: document.getElementById('opt-associatedRecords').checked,
  };
  if (synced) {
    for (const opt of ['autoCreate', 'statusSync', 'commentsSync', 'attachmentsSync']) definition[opt] = document.getElementById('opt-' + opt).checked;
    if (document.getElementById('rule-on').checked) {
      definition.rule = {
        property: document.getElementById('rule-property').value, operator: document.getElementById('rule-operator').value,
        value: document.getElementById('rule-value').value, metStatus: document.getElementById('rule-met').value,
        createWhenNotMet: document.getElementById('rule-create').checked, notMetStatus: document.getElementById('rule-notmet').value || null };
    }
  }
  return definition;
}
document.getElementById('item-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  try {
    const definition = readEditor();
    const saved = state.editing ? await api('PUT', `/api/items/${state.editing.id}`, definition) : await api('POST', '/api/items', definition);
    const warnings = (saved && saved.warnings) || [];
    toast('Smart Connected Item saved' + (warnings.length ? '. Warning: ' + warnings.map(w => `${w.field}: ${w.reason}`).join(' ') : ''));
    document.getElementById('item-editor').hidden = true;
    await loadItems();
  } catch (err) {
    document.getElementById('item-error').textContent = showFieldErrors(form, err.body) || '';
  }
});
document.getElementById('new-item').addEventListener('click', () => openEditor(null));
document.getElementById('sync-now').addEventListener('click', async () => {
  try { toast((await api('POST', '/api/poll')).message); } catch (err) { toast(err.message); }
});
document.getElementById('cancel-item').addEventListener('click', () => { document.getElementById('item-editor').hidden = true; });
document.getElementById('add-mapping').addEventListener('click', () => addMapping());
document.getElementById('item-mode').addEventListener('change', modeChanged);
document.getElementById('item-module').addEventListener('change', () => { fillObjects(); loadObjectMetadata(); });
document.getElementById('item-object').addEventListener('change', loadObjectMetadata);
document.getElementById('item-projects').addEventListener('change', loadProjectMetadata);
document.getElementById('item-issuetype').addEventListener('change', loadFields);
// another portal or site: its own objects, properties, projects and fields
document.getElementById('item-hubspot-connection').addEventListener('change', async () => { await loadCatalog(); await loadObjectMetadata(); });
document.getElementById('item-jira-connection').addEventListener('change', async () => { await loadCatalog(); await loadProjectMetadata(); });

(async () => {
  await loadConnections();
  await loadCatalog();
  await loadItems();
})().catch(e => toast(e.message)).finally(() => { document.body.dataset.ready = 'true'; });
