// Shared helpers for the console pages: JSON calls to the admin API (same-origin; the browser sends the admin
// credentials it was asked for), HTML escaping, a toast for outcomes, one way to show times and durations, the words
// for the API's enums, and the navigation header. The issue panel loads this file too,
// so nothing here runs on its own except filling a <nav id="nav"> when a page has one.
async function api(method, path, body) {
  const options = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (notJson) { data = { detail: text.length > 300 ? text.slice(0, 300) + '…' : text }; }
  }
  if (!response.ok) { const e = new Error((data && (data.detail || data.message)) || response.statusText || ('HTTP ' + response.status)); e.status = response.status; e.body = data; throw e; }
  return data;
}
function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
function toast(message) {
  const t = document.getElementById('toast');
  t.textContent = message; t.style.display = 'block';
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 4000);
}

/**
 * Writes a problem's violations (or its one field) under the form's fields (`data-error-for`), mapping rows to their
 * own slots; answers what has no slot of its own, for the form's general error line.
 */
function showFieldErrors(form, body) {
  form.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  const general = [];
  const violations = (body && body.violations) || (body && body.field ? [{ field: body.field, reason: body.detail }] : []);
  for (const v of violations) {
    const row = /^fieldMappings\[(\d+)\]/.exec(v.field);
    const rowSlot = row && form.querySelectorAll('#mappings .mapping')[Number(row[1])]?.querySelector('.error');
    if (rowSlot) { rowSlot.textContent += (rowSlot.textContent ? ' ' : '') + v.reason; continue; }
    const key = v.field.replace(/\[\d+\].*$/, '').replace(/^statusMapping\..*/, 'statusSync');
    const slot = form.querySelector(`[data-error-for="${v.field}"]`) || form.querySelector(`[data-error-for="${key}"]`);
    if (slot) { slot.textContent += (slot.textContent ? ' ' : '') + v.reason; } else { general.push(`${v.field}: ${v.reason}`); }
  }
  if (!violations.length && body && body.detail) general.push(body.detail);
  return general.join('; ');
}

// ---- times and durations --------------------------------------------------------------------------------------
function parseTime(iso) {
  if (iso === null || iso === undefined || iso === '') return null;
  const d = typeof iso === 'number' ? new Date(iso * 1000) : new Date(String(iso).replace(' ', 'T'));
  return isNaN(d.getTime()) ? null : d;
}
/** Local date and time to the second ("Dec 1, 10:54:03 AM"; the year only when it is not this year). */
function fmtTime(iso) {
  const d = parseTime(iso);
  if (!d) return iso ? String(iso) : '';
  const options = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  if (d.getFullYear() !== new Date().getFullYear()) options.year = 'numeric';
  return d.toLocaleString(undefined, options);
}
/** "45 s", "3 min", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || isNaN(seconds)) return '—';
  let s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return `${s} s`;
  if (s < 3600) { const m = Math.floor(s / 60); const r = s % 60; return r && m < 10 ? `${m} min ${r} s` : `${m} min`; }
  if (s < 86400) { const h = Math.floor(s / 3600); const m = Math.floor((s % 3600) / 60); return m ? `${h} h ${m} min` : `${h} h`; }
  const d = Math.floor(s / 86400); const h = Math.floor((s % 86400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}
/** "just now", "3 min ago", "2 h ago"; for a time still to come "in 3 min". */
function fmtAgo(iso) {
  const d = parseTime(iso);
  if (!d) return '';
  const seconds = Math.round((Date.now() - d.getTime()) / 1000);
  if (Math.abs(seconds) < 5) return seconds < 0 ? 'in a few seconds' : 'just now';
  const rough = Math.abs(seconds) < 60 ? `${Math.abs(seconds)} s` : fmtDuration(Math.abs(seconds)).replace(/ \d+ s$/, '');
  return seconds < 0 ? `in ${rough}` : `${rough} ago`;
}
/** A <time> showing "3 min ago" with the exact local time as its tooltip; `never` when there is no time. */
function agoHtml(iso, never = 'never') {
  if (!parseTime(iso)) return `<span class="muted">${esc(never)}</span>`;
  return `<time datetime="${esc(iso)}" title="${esc(fmtTime(iso))}">${esc(fmtAgo(iso))}</time>`;
}
/** A <time> showing the local time with "3 min ago" as its tooltip. */
function timeHtml(iso, never = '—') {
  if (!parseTime(iso)) return `<span class="muted">${esc(never)}</span>`;
  return `<time datetime="${esc(iso)}" title="${esc(fmtAgo(iso))}">${esc(fmtTime(iso))}</time>`;
}
function fmtNumber(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString();
}

// ---- the API's enums in words ---------------------------------------------------------------------------------
/** FIELDS_UPDATED → "Fields updated", hubspot-record → "Hubspot record". */
function humanize(value) {
  if (value === null || value === undefined || value === '') return '';
  const words = String(value).replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
const DIRECTION_LABELS = { HUBSPOT_TO_JIRA: 'HubSpot → Jira', JIRA_TO_HUBSPOT: 'Jira → HubSpot', NONE: 'Item-wide' };
function directionLabel(direction) { return DIRECTION_LABELS[direction] || humanize(direction); }
const OUTCOME_LOZENGES = { OK: ['ok', 'OK'], SKIPPED: ['off', 'Skipped'], FAILED: ['bad', 'Failed'], PARTIAL: ['warn', 'Partly failed'] };
function outcomeLozenge(outcome) {
  const [cls, text] = OUTCOME_LOZENGES[outcome] || ['off', humanize(outcome)];
  return `<span class="lozenge ${cls}">${esc(text)}</span>`;
}
const FLOW_LABELS = {
  'hubspot-record': 'HubSpot record → Jira issue', 'hubspot-notes': 'HubSpot notes → Jira comments',
  'jira-auto-create': 'New Jira issue for a HubSpot record', 'jira-inbox': 'Jira change → HubSpot',
};
function flowLabel(flow) { return FLOW_LABELS[flow] || humanize(flow); }

// ---- page plumbing --------------------------------------------------------------------------------------------
/** Tests (and people) wait for this: the page's first loads are done. */
function markReady() { document.body.dataset.ready = 'true'; }

/** Fills an item <select> from GET /api/items with a first "any" option; answers the items. */
async function fillItemSelect(select, selected, anyLabel = 'Any item') {
  const items = await api('GET', '/api/items');
  select.innerHTML = (anyLabel === null ? '' : `<option value="">${esc(anyLabel)}</option>`)
    + items.map(i => `<option value="${i.id}">${esc(i.name)}</option>`).join('');
  if (selected !== null && selected !== undefined && selected !== '') select.value = String(selected);
  return items;
}

const CONSOLE_NAV = [
  ['index.html', 'Dashboard'], ['activity.html', 'Activity'], ['dead-letters.html', 'Dead letters'],
  ['divergence.html', 'Divergence'], ['admin.html', 'Items & connections'], ['connections.html', 'Connections'],
  ['panel.html', 'Issue panel'], ['/swagger-ui.html', 'API'],
];
/** The console's navigation, the same on every admin page (the issue panel has none: its users are not admins). */
function renderNav() {
  const nav = document.getElementById('nav');
  if (!nav) return;
  const page = location.pathname.split('/').pop() || 'index.html';
  nav.innerHTML = CONSOLE_NAV.map(([href, text]) =>
    `<a href="${href}"${href === page ? ' class="active" aria-current="page"' : ''}${href.startsWith('/') ? ' target="_blank" rel="noopener"' : ''}>${esc(text)}</a>`).join('');
}
renderNav();
