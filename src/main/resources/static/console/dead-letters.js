// Dead letters (GET /api/dead-letters): what the connector gave up retrying, why in plain words (the raw error under
// "Technical detail"), and for open ones Replay / Discard; "Replay all of this item" when an item is chosen. The item
// and state live in the address bar (dead-letters.html?itemId=3 opens that item's).
const STATES = {
  OPEN: ['bad', 'Open'], RESOLVED: ['ok', 'Resolved'], REPLAYED: ['ok', 'Replayed'], DISCARDED: ['off', 'Discarded'],
};
const EMPTY = {
  OPEN: 'No dead letters — nothing waits for a replay.', RESOLVED: 'No resolved dead letters.',
  REPLAYED: 'No replayed dead letters.', DISCARDED: 'No discarded dead letters.', ALL: 'No dead letters at all.',
};
let itemNames = {};

function stateCell(l) {
  const [cls, text] = STATES[l.state] || ['off', humanize(l.state)];
  let when = '';
  if (l.state === 'RESOLVED' && l.resolvedAt) when = `<div class="muted">${timeHtml(l.resolvedAt)}</div>`;
  if (l.state === 'REPLAYED' && l.replayedAt) when = `<div class="muted">${timeHtml(l.replayedAt)}</div>`;
  if (l.state === 'DISCARDED' && (l.resolvedAt || l.replayedAt)) when = `<div class="muted">${timeHtml(l.resolvedAt || l.replayedAt)}</div>`;
  return `<span class="lozenge ${cls}">${esc(text)}</span>${when}${l.resolution ? `<div class="muted resolution">${esc(l.resolution)}</div>` : ''}`;
}
function whatCell(l) {
  const parts = [];
  if (l.recordId && !String(l.recordId).startsWith('inbox:')) parts.push(`HubSpot record <strong class="record-id">${esc(l.recordId)}</strong>`);
  if (l.issueKey) parts.push(`Jira issue <a class="issue-key" href="activity.html?issueKey=${encodeURIComponent(l.issueKey)}" title="Show this issue's activity">${esc(l.issueKey)}</a>`);
  return `<div>${parts.join(' · ') || '<span class="muted">—</span>'}</div>
    <div class="muted">${esc(flowLabel(l.flow))}</div>`;
}
function reasonCell(l) {
  const tech = [l.errorMessage || '', l.errorCategory ? `Category: ${l.errorCategory}` : '', l.flow ? `Flow: ${l.flow}` : '',
    l.subject ? `Subject: ${l.subject}` : ''].filter(Boolean).join('\n');
  const payload = l.payload ? `<pre>${esc(l.payload)}</pre>` : '';
  return `<div class="reason">${esc(l.reason || l.errorMessage || 'No reason recorded')}</div>
    ${tech || payload ? `<details class="tech"><summary>Technical detail</summary><pre>${esc(tech)}</pre>${payload}</details>` : ''}`;
}
function row(l) {
  const actions = l.state === 'OPEN'
    ? `<button data-replay="${l.id}" title="Try this sync again now">Replay</button><button class="secondary" data-discard="${l.id}" title="Give up on it: it leaves the open list">Discard</button>` : '';
  return `<tr data-letter="${l.id}" data-state="${esc(l.state)}">
    <td class="nowrap">${timeHtml(l.createdAt)}</td>
    <td class="nowrap">${timeHtml(l.lastFailedAt)}</td>
    <td>${l.itemId ? esc(itemNames[l.itemId] || '#' + l.itemId) : '<span class="muted">—</span>'}</td>
    <td>${whatCell(l)}</td>
    <td>${reasonCell(l)}</td>
    <td class="num">${fmtNumber(l.attempts)}</td>
    <td>${stateCell(l)}</td>
    <td class="nowrap">${actions}</td>
  </tr>`;
}
function selection() {
  return { itemId: document.getElementById('dl-item').value, state: document.getElementById('dl-state').value || 'OPEN' };
}
async function load() {
  const { itemId, state } = selection();
  const q = new URLSearchParams();
  if (itemId) q.set('itemId', itemId);
  if (state !== 'OPEN') q.set('state', state);
  history.replaceState(null, '', q.toString() ? `?${q}` : location.pathname);
  document.getElementById('replay-all').hidden = !itemId;
  const letters = await api('GET', `/api/dead-letters?${new URLSearchParams({ ...(itemId ? { itemId } : {}), state, limit: 200 })}`);
  document.querySelector('#dead-letters-table tbody').innerHTML = letters.map(row).join('')
    || `<tr><td colspan="8" class="empty">${esc(EMPTY[state] || EMPTY.ALL)}</td></tr>`;
  const open = letters.filter(l => l.state === 'OPEN').length;
  document.getElementById('replay-all').disabled = open === 0;
  document.getElementById('dl-count').textContent = letters.length
    ? `${fmtNumber(letters.length)} dead letter${letters.length === 1 ? '' : 's'}${state === 'ALL' ? `, ${fmtNumber(open)} open` : ''}.` : '';
}
const reload = () => load().catch(err => toast(err.message));
document.getElementById('dl-item').addEventListener('change', reload);
document.getElementById('dl-state').addEventListener('change', reload);
document.querySelector('#dead-letters-table tbody').addEventListener('click', async e => {
  const button = e.target.closest('button');
  if (!button) return;
  try {
    if (button.dataset.replay) {
      button.disabled = true;
      const r = await api('POST', `/api/dead-letters/${button.dataset.replay}/replay`);
      toast(`Replayed: ${r.outcome}`);
      await load();
    } else if (button.dataset.discard) {
      if (!confirm('Discard this dead letter? The connector will not try it again; a later successful sync of the same record still resolves it.')) return;
      await api('POST', `/api/dead-letters/${button.dataset.discard}/discard`);
      toast('Discarded');
      await load();
    }
  } catch (err) { button.disabled = false; toast(err.message); }
});
document.getElementById('replay-all').addEventListener('click', async () => {
  const { itemId } = selection();
  if (!itemId) return;
  const name = itemNames[itemId] || '#' + itemId;
  if (!confirm(`Replay every open dead letter of ${name}?`)) return;
  try {
    const results = await api('POST', `/api/dead-letters/replay?itemId=${encodeURIComponent(itemId)}`);
    const failed = results.filter(r => String(r.outcome || '').startsWith('failed')).length;
    toast(results.length ? `Replayed ${results.length}: ${results.length - failed} done, ${failed} failed again` : 'Nothing to replay');
    await load();
  } catch (err) { toast(err.message); }
});

(async () => {
  const params = new URLSearchParams(location.search);
  try {
    const items = await fillItemSelect(document.getElementById('dl-item'), params.get('itemId'));
    itemNames = Object.fromEntries(items.map(i => [i.id, i.name]));
  } catch (err) { toast('Could not load the items: ' + err.message); }
  const itemId = params.get('itemId');
  const itemSelect = document.getElementById('dl-item');
  if (itemId && itemSelect.value !== itemId) {
    itemSelect.insertAdjacentHTML('beforeend', `<option value="${esc(itemId)}">#${esc(itemId)}</option>`);
    itemSelect.value = itemId;
  }
  const state = (params.get('state') || 'OPEN').toUpperCase();
  document.getElementById('dl-state').value = STATES[state] || state === 'ALL' ? state : 'OPEN';
  await load();
})().catch(err => toast(err.message)).finally(markReady);
