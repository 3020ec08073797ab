// Activity: the audit trail (GET /api/activity) newest first, filtered by item, record, issue, direction and outcome.
// The filters live in the address bar (activity.html?issueKey=SUP-1 opens filtered); "Older" pages back by id.
const PAGE_SIZE = 100;
const FILTERS = [['itemId', 'f-item'], ['recordId', 'f-record'], ['issueKey', 'f-issue'], ['direction', 'f-direction'], ['outcome', 'f-outcome']];
let shown = 0;
let oldestId = null;

function filtersFromForm() {
  const f = {};
  for (const [param, id] of FILTERS) {
    const value = document.getElementById(id).value.trim();
    if (value) f[param] = value;
  }
  return f;
}
function filtersToForm(params) {
  for (const [param, id] of FILTERS) {
    const el = document.getElementById(id);
    let value = (params.get(param) || '').trim();
    if (el.tagName === 'SELECT') {
      if (param !== 'itemId') value = value.toUpperCase();
      if (value && ![...el.options].some(o => o.value === value)) {
        // an item the list does not know (deleted since), or a value typed by hand: keep it visible and selected
        el.insertAdjacentHTML('beforeend', `<option value="${esc(value)}">${esc(param === 'itemId' ? '#' + value : value)}</option>`);
      }
    }
    el.value = value;
  }
}
function query(filters, beforeId) {
  const q = new URLSearchParams(filters);
  if (beforeId) q.set('beforeId', beforeId);
  q.set('limit', PAGE_SIZE);
  return q.toString();
}
function recordCell(e) {
  if (!e.recordId) return '<span class="muted">—</span>';
  return e.recordUrl
    ? `<a class="record-link" href="${esc(e.recordUrl)}" target="_blank" rel="noopener">${esc(e.recordId)}</a>`
    : `<span class="record-id">${esc(e.recordId)}</span>`;
}
function issueCell(e) {
  if (!e.issueKey) return '<span class="muted">—</span>';
  return e.issueUrl
    ? `<a class="issue-link" href="${esc(e.issueUrl)}" target="_blank" rel="noopener">${esc(e.issueKey)}</a>`
    : `<span class="issue-key">${esc(e.issueKey)}</span>`;
}
// a person's panel action names them: the Jira user (with their account id on hover) or the admin; sync actions are the connector's
function actorCell(e) {
  if (!e.actor) return '<span class="muted">connector</span>';
  return e.actorAccountId ? `<span class="jira-user" title="${esc(e.actorAccountId)}">${esc(e.actor)}</span>` : `<span class="admin-user">${esc(e.actor)} (admin)</span>`;
}
function row(e) {
  const fields = Array.isArray(e.fields) ? e.fields : (e.fields ? [e.fields] : []);
  return `<tr data-event="${e.id}" data-outcome="${esc(e.outcome)}">
    <td class="nowrap">${timeHtml(e.occurredAt)}</td>
    <td>${e.item ? esc(e.item) : e.itemId ? `<span class="muted">#${esc(e.itemId)}</span>` : '<span class="muted">—</span>'}</td>
    <td class="nowrap">${esc(directionLabel(e.direction))}</td>
    <td>${esc(humanize(e.action))}</td>
    <td class="actor">${actorCell(e)}</td>
    <td>${outcomeLozenge(e.outcome)}</td>
    <td>${recordCell(e)}</td>
    <td>${issueCell(e)}</td>
    <td class="fields">${fields.length ? esc(fields.join(', ')) : '<span class="muted">—</span>'}</td>
    <td class="detail">${esc(e.detail || '')}</td>
  </tr>`;
}
function emptyText(filters) {
  return Object.keys(filters).length ? 'No activity matches these filters.' : 'No sync activity yet — nothing has been synced in either direction.';
}
async function load(more) {
  const filters = filtersFromForm();
  const events = await api('GET', `/api/activity?${query(filters, more ? oldestId : null)}`);
  const body = document.querySelector('#activity-table tbody');
  const html = events.map(row).join('');
  if (more) {
    body.insertAdjacentHTML('beforeend', html);
    shown += events.length;
  } else {
    body.innerHTML = html || `<tr><td colspan="10" class="empty">${esc(emptyText(filters))}</td></tr>`;
    shown = events.length;
  }
  if (events.length) oldestId = events[events.length - 1].id;
  document.getElementById('older').hidden = events.length < PAGE_SIZE;
  const all = events.length < PAGE_SIZE;
  document.getElementById('activity-count').textContent = !shown ? ''
    : all ? `${fmtNumber(shown)} event${shown === 1 ? '' : 's'}, all that match.`
      : `Showing the ${fmtNumber(shown)} most recent events; “Older” loads more.`;
}
function apply() {
  const q = new URLSearchParams(filtersFromForm()).toString();
  history.replaceState(null, '', q ? `?${q}` : location.pathname);
  oldestId = null;
  return load(false).catch(err => toast(err.message));
}
document.getElementById('activity-filter').addEventListener('submit', e => { e.preventDefault(); apply(); });
document.getElementById('clear-filter').addEventListener('click', () => {
  for (const [, id] of FILTERS) document.getElementById(id).value = '';
  apply();
});
['f-item', 'f-direction', 'f-outcome'].forEach(id => document.getElementById(id).addEventListener('change', apply));
document.getElementById('older').addEventListener('click', () => load(true).catch(err => toast(err.message)));

(async () => {
  const params = new URLSearchParams(location.search);
  try {
    await fillItemSelect(document.getElementById('f-item'), null);
  } catch (err) { toast('Could not load the items: ' + err.message); }
  filtersToForm(params);
  await load(false);
})().catch(err => toast(err.message)).finally(markReady);
