// Divergence check: GET /api/items/{id}/divergence compares every mapped field of every link of an item on both sides
// now; each link that differs gets a card with its differences and a Resync (POST /api/links/{id}/resync) that writes
// each difference the way its ownership says, then shows what is left (the card stays, saying "In sync").
const OWNERS = { HUBSPOT: 'HubSpot owns it', JIRA: 'Jira owns it', BOTH: 'both own it' };
const SIDES = { HUBSPOT: 'HubSpot', JIRA: 'Jira' };

function value(v) {
  return v === null || v === undefined || v === '' ? '<span class="muted">(empty)</span>' : esc(v);
}
function links(c) {
  const record = c.recordUrl
    ? `<a class="record-link" href="${esc(c.recordUrl)}" target="_blank" rel="noopener">HubSpot record ${esc(c.recordId)}</a>`
    : `HubSpot record ${esc(c.recordId)}`;
  const issue = c.issueUrl
    ? `<a class="issue-link" href="${esc(c.issueUrl)}" target="_blank" rel="noopener">Jira issue ${esc(c.issueKey)}</a>`
    : `Jira issue ${esc(c.issueKey)}`;
  return `${record} ⇄ ${issue}`;
}
function differencesTable(c) {
  return `<table class="differences">
    <thead><tr><th>Field (HubSpot ⇄ Jira)</th><th>HubSpot value</th><th>Jira value</th><th>Last synced value</th><th>Resync writes</th></tr></thead>
    <tbody>${c.differences.map(d => `<tr data-field="${esc(d.hubspotProperty)}">
      <td>${esc(d.hubspotProperty)} ⇄ ${esc(d.jiraField)}<div class="muted">${esc(OWNERS[d.owner] || humanize(d.owner))}</div></td>
      <td class="value${d.winner === 'HUBSPOT' ? ' winner-side' : ''}">${value(d.hubspotValue)}</td>
      <td class="value${d.winner === 'JIRA' ? ' winner-side' : ''}">${value(d.jiraValue)}</td>
      <td class="value">${value(d.lastSynced)}</td>
      <td class="winner"><strong>${esc(SIDES[d.winner] || humanize(d.winner))}</strong> wins
        (${d.winner === 'HUBSPOT' ? 'copied to Jira' : 'copied to HubSpot'})<div class="muted why">${esc(d.why || '')}</div></td>
    </tr>`).join('')}</tbody></table>`;
}
function cardBody(c) {
  const differs = (c.differences || []).length > 0;
  let status;
  if (c.problem) status = '<span class="lozenge bad">Unreadable</span>';
  else if (differs) status = `<span class="lozenge warn">${c.differences.length === 1 ? '1 field differs' : c.differences.length + ' fields differ'}</span>`;
  else status = '<span class="lozenge ok in-sync">In sync</span>';
  return `<h3>${links(c)} ${status}</h3>
    <p class="muted">${fmtNumber(c.fieldsCompared)} mapped field${c.fieldsCompared === 1 ? '' : 's'} compared.</p>
    ${c.problem ? `<div class="box-bad problem">${esc(c.problem)}</div>` : ''}
    ${differs ? differencesTable(c) : (c.problem ? '' : '<p class="sync-state">In sync — HubSpot and Jira agree on every mapped field.</p>')}
    ${differs ? `<button data-resync="${c.linkId}" title="Write each difference in the direction its ownership says">Resync</button>` : ''}`;
}
function cardClass(c) {
  return 'divergence' + (c.problem ? ' unreadable' : (c.differences || []).length ? '' : ' in-sync');
}
function card(c) {
  return `<div class="${cardClass(c)}" data-link="${c.linkId}">${cardBody(c)}</div>`;
}
async function check() {
  const itemId = document.getElementById('dv-item').value;
  if (!itemId) { toast('Choose an item first'); return; }
  history.replaceState(null, '', `?itemId=${encodeURIComponent(itemId)}`);
  const button = document.getElementById('check-item');
  const summary = document.getElementById('dv-summary');
  button.disabled = true;
  summary.textContent = 'Checking… reading every linked record in HubSpot and Jira.';
  document.getElementById('dv-results').innerHTML = '';
  try {
    const r = await api('GET', `/api/items/${encodeURIComponent(itemId)}/divergence`);
    summary.textContent = `Checked ${fmtNumber(r.linksChecked)} link${r.linksChecked === 1 ? '' : 's'}: ${fmtNumber(r.linksDiverged)} differ${r.linksDiverged === 1 ? 's' : ''}, ${fmtNumber(r.linksUnreadable)} unreadable.`;
    const cards = r.diverged || [];
    document.getElementById('dv-results').innerHTML = cards.map(card).join('')
      || `<p class="empty">${r.linksChecked ? 'Every linked record agrees with its Jira issue — nothing to resync.' : 'This item has no linked records yet.'}</p>`;
  } catch (err) {
    summary.textContent = 'The check could not run: ' + err.message;
    throw err;
  } finally {
    button.disabled = false;
  }
}
document.getElementById('check-item').addEventListener('click', () => check().catch(err => toast(err.message)));
document.getElementById('dv-results').addEventListener('click', async e => {
  const button = e.target.closest('button[data-resync]');
  if (!button) return;
  const linkId = button.dataset.resync;
  button.disabled = true;
  try {
    const r = await api('POST', `/api/links/${encodeURIComponent(linkId)}/resync`);
    const done = r.resynced || {};
    const written = (done.jiraFieldsWritten || []).length + (done.hubspotPropertiesWritten || []).length;
    toast(`Resynced: ${written} field(s) written`);
    const el = document.querySelector(`.divergence[data-link="${CSS.escape(linkId)}"]`);
    if (el && r.now) { el.className = cardClass(r.now); el.innerHTML = cardBody(r.now); }
  } catch (err) {
    button.disabled = false;
    toast(err.message);
  }
});

(async () => {
  const itemId = new URLSearchParams(location.search).get('itemId');
  const items = await fillItemSelect(document.getElementById('dv-item'), itemId, null);
  if (!items.length) {
    document.getElementById('dv-summary').textContent = 'There are no Smart Connected Items to check yet.';
    document.getElementById('check-item').disabled = true;
  }
})().catch(err => toast(err.message)).finally(markReady);
