// Issue panel page: one card per Smart Connected Item of the issue's project; link (by id or search), refresh,
// unlink (manual links only) and associated records; when the record last synced and, if its sync failed, why.
// The admin's tool: Jira users see this panel inside Jira, through the Forge app (src/forge). With several Jira
// connections, the site is named (its connection's id or name) and every call carries it as ?jira=.
let issueKey = new URLSearchParams(location.search).get('issue') || '';
let site = new URLSearchParams(location.search).get('jira') || '';
/** The panel API's URL for this issue and site: path under the issue, then query parameters. */
function panelUrl(path = '', query = {}) {
  const params = new URLSearchParams(query);
  if (site) params.set('jira', site);
  const q = params.toString();
  return `/api/panel/${encodeURIComponent(issueKey)}${path}${q ? '?' + q : ''}`;
}
let linkingItem = null;
let searchAfter = null;

function previewTable(rows) {
  return `<table class="preview">${rows.map(r => `<tr><th>${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`).join('')}</table>`;
}
const MODES = {
  DISPLAY_ONLY: 'Display only', ONE_WAY: 'One way: HubSpot → Jira', TWO_WAY: 'Two way: HubSpot ⇄ Jira', CUSTOM: 'Custom: each field chooses',
};
function lastSynced(l) {
  return `<p class="last-synced">Last synced: ${l.lastSyncedAt ? agoHtml(l.lastSyncedAt) : '<span class="not-synced">not synced yet</span>'}</p>`;
}
function failureBox(f) {
  if (!f) return '';
  const attempts = f.attempts ? `${f.attempts} attempt${f.attempts === 1 ? '' : 's'}` : '';
  const when = f.lastFailedAt ? `last ${fmtAgo(f.lastFailedAt)}` : '';
  const facts = [attempts, when].filter(Boolean).join(', ');
  return `<div class="card-failure sync-failure" data-dead-letter="${esc(f.deadLetterId)}"${f.lastFailedAt ? ` title="${esc(fmtTime(f.lastFailedAt))}"` : ''}>
    Sync failed: ${esc(f.reason || 'no reason recorded')}${facts ? ` (${esc(facts)})` : ''}</div>`;
}
function card(c) {
  const header = `<h3>${esc(c.name)}</h3>
    <p class="muted">${esc(c.module)} · ${esc(c.object)} · <span class="mode" data-mode="${esc(c.mode)}">${esc(MODES[c.mode] || humanize(c.mode))}</span>
    ${c.statusSync ? ' · <span class="lozenge ok">Status sync</span>' : ''}</p>`;
  if (!c.link) {
    return `<div class="card" data-item="${c.itemId}">${header}<p>No HubSpot record linked.</p><button data-action="link">Link</button></div>`;
  }
  const l = c.link;
  return `<div class="card" data-item="${c.itemId}">${header}
    <p>Linked record <strong class="record-id">${esc(l.recordId)}</strong> <span class="lozenge ${l.linkType === 'AUTO' ? 'off' : 'ok'}">${esc(l.linkType === 'AUTO' ? 'Auto-managed' : 'Manual')}</span></p>
    ${lastSynced(l)}
    ${failureBox(l.failure)}
    ${l.statusProblem ? `<div class="card-failure status-problem error">Status sync problem: ${esc(l.statusProblem)}</div>` : ''}
    ${l.explanation ? `<p class="muted explanation">${esc(l.explanation)}</p>` : ''}
    ${previewTable(l.preview)}
    <p><a class="open" href="${esc(l.openUrl)}" target="_blank" rel="noopener"><button type="button">Open in HubSpot</button></a>
      <button class="secondary" data-action="refresh">Refresh</button>
      ${c.actions.includes('UNLINK') ? '<button class="danger" data-action="unlink">Unlink</button>' : ''}</p>
    ${c.associatedRecords ? '<div class="associated"><button class="secondary" data-action="associated">Show associated records</button></div>' : ''}
  </div>`;
}
async function loadPanel() {
  if (!issueKey) return;
  history.replaceState(null, '', `?issue=${encodeURIComponent(issueKey)}${site ? '&jira=' + encodeURIComponent(site) : ''}`);
  document.getElementById('issue-key').value = issueKey;
  document.getElementById('jira-site').value = site;
  const p = await api('GET', panelUrl());
  document.getElementById('panel-title').textContent = `HubSpot — ${issueKey}${p.summary ? ': ' + p.summary : ''}`;
  document.getElementById('panel-state').textContent = p.state === 'READY' ? '' : p.message;
  document.getElementById('cards').innerHTML = (p.cards || []).map(card).join('');
}
document.getElementById('issue-form').addEventListener('submit', e => {
  e.preventDefault();
  issueKey = document.getElementById('issue-key').value.trim();
  site = document.getElementById('jira-site').value.trim();
  loadPanel().catch(err => toast(err.message)).finally(() => { document.body.dataset.ready = 'true'; });
});
document.getElementById('cards').addEventListener('click', async e => {
  const action = e.target.dataset.action;
  if (!action) return;
  const cardEl = e.target.closest('.card');
  const item = cardEl.dataset.item;
  try {
    if (action === 'link') { openLinkDialog(item); }
    if (action === 'refresh') { await api('POST', panelUrl(`/items/${item}/refresh`)); toast('Refreshed from HubSpot'); await loadPanel(); }
    if (action === 'unlink' && confirm('Unlink this HubSpot record?')) { await api('DELETE', panelUrl(`/items/${item}/link`)); await loadPanel(); }
    if (action === 'associated') {
      const groups = await api('GET', panelUrl(`/items/${item}/associated`));
      cardEl.querySelector('.associated').innerHTML = groups.map(g => `<details class="group" data-type="${esc(g.objectType)}">
        <summary>${esc(g.label)} (${g.records.length})${g.readable ? '' : ' — ' + esc(g.problem)}</summary>
        <ul>${g.records.map(r => `<li>${esc(r.title || r.recordId)} <a href="${esc(r.openUrl)}" target="_blank" rel="noopener">Open</a></li>`).join('')}</ul>
      </details>`).join('');
    }
  } catch (err) { toast(err.message); }
});

// ---- link dialog --------------------------------------------------------------------------------------------
function openLinkDialog(item) {
  linkingItem = item;
  document.getElementById('record-id').value = '';
  document.getElementById('record-search').value = '';
  document.getElementById('search-results').innerHTML = '';
  document.getElementById('link-error').textContent = '';
  document.getElementById('link-dialog').showModal();
}
async function search(more) {
  const q = document.getElementById('record-search').value;
  if (!more) searchAfter = null;
  const page = await api('GET', panelUrl(`/items/${linkingItem}/search`, searchAfter ? { q, after: searchAfter } : { q }));
  const list = document.getElementById('search-results');
  const html = page.results.map(r => `<li data-record="${esc(r.recordId)}">${esc(r.title || '(no title)')} <span class="muted">#${esc(r.recordId)}</span></li>`).join('');
  list.innerHTML = more ? list.innerHTML + html : html;
  searchAfter = page.after;
  document.getElementById('search-more').hidden = !page.after;
}
let searchTimer;
document.getElementById('record-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(false).catch(err => toast(err.message)), 250);
});
document.getElementById('search-more').addEventListener('click', () => search(true));
document.getElementById('search-results').addEventListener('click', e => {
  const li = e.target.closest('li');
  if (li) document.getElementById('record-id').value = li.dataset.record;
});
document.getElementById('link-confirm').addEventListener('click', async () => {
  try {
    await api('POST', panelUrl(`/items/${linkingItem}/link`), { recordId: document.getElementById('record-id').value });
    document.getElementById('link-dialog').close();
    toast('Record linked');
    await loadPanel();
  } catch (err) { document.getElementById('link-error').textContent = err.message; }
});
document.getElementById('link-cancel').addEventListener('click', () => document.getElementById('link-dialog').close());

loadPanel().catch(err => toast(err.message)).finally(() => { document.body.dataset.ready = 'true'; });
