// The HubSpot issue panel inside Jira. Every call goes to the connector through Forge Remote (invokeRemote), which
// signs a Forge Invocation Token naming this user and this issue into it: the connector answers within what Jira lets
// the user do. The issue comes from the context Forge gives the panel; nothing here is trusted for authorization.
import { invokeRemote, router, view } from '@forge/bridge';

const MODES = {
  DISPLAY_ONLY: 'Display only',
  ONE_WAY: 'One way: HubSpot → Jira',
  TWO_WAY: 'Two way: HubSpot ⇄ Jira',
  CUSTOM: 'Custom: each field chooses',
};
const $ = (id) => document.getElementById(id);
let issueKey = null;
let panel = null;

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Calls the connector; an answer that is not 2xx becomes an Error with the connector's own words. */
async function call(method, path, body) {
  const request = { method, path };
  if (body !== undefined) {
    request.body = body;
    request.headers = { 'Content-Type': 'application/json' };
  }
  const res = await invokeRemote(request);
  if (res.status >= 400) {
    const detail = res.body && (res.body.detail || res.body.title);
    throw new Error(detail || `The connector answered ${res.status}.`);
  }
  return res.body;
}

function itemPath(itemId, rest) {
  return `/forge/panel/${encodeURIComponent(issueKey)}/items/${encodeURIComponent(itemId)}${rest}`;
}

function flag(message) {
  const el = $('flag');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(flag.timer);
  flag.timer = setTimeout(() => { el.hidden = true; }, 5000);
}

function ago(iso) {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function fieldsTable(rows) {
  if (!rows || !rows.length) return '';
  return `<table class="fields">${rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.value ?? '—')}</td></tr>`).join('')}</table>`;
}

function linkedRecord(card) {
  const l = card.link;
  const auto = l.linkType === 'AUTO';
  const synced = l.lastSyncedAt
    ? `<span title="${esc(new Date(l.lastSyncedAt).toLocaleString())}">${esc(ago(l.lastSyncedAt))}</span>` : 'not synced yet';
  const failure = l.failure ? `<p class="failure sync-failure">Sync failed: ${esc(l.failure.reason || 'no reason recorded')}${
    l.failure.attempts ? ` (${esc(l.failure.attempts)} attempt${l.failure.attempts === 1 ? '' : 's'})` : ''}</p>` : '';
  const actions = card.actions || [];
  return `
    <p>Linked record <strong class="record-id">${esc(l.recordId)}</strong>
      <span class="lozenge ${auto ? 'information' : 'success'}">${auto ? 'Auto-managed' : 'Manual'}</span></p>
    <p class="last-synced meta">Last synced: ${synced}</p>
    ${failure}
    ${l.statusProblem ? `<p class="warning status-problem">Status sync problem: ${esc(l.statusProblem)}</p>` : ''}
    ${l.explanation ? `<p class="explanation note">${esc(l.explanation)}</p>` : ''}
    ${fieldsTable(l.preview)}
    <div class="actions">
      <button type="button" class="primary" data-action="open" data-url="${esc(l.openUrl)}">Open in HubSpot</button>
      ${actions.includes('REFRESH') ? '<button type="button" data-action="refresh">Refresh</button>' : ''}
      ${actions.includes('UNLINK') ? '<button type="button" data-action="unlink">Unlink</button>' : ''}
    </div>
    <div class="confirm-unlink" hidden>
      <p>Unlink HubSpot record ${esc(l.recordId)} from ${esc(issueKey)}? The issue and the record stay as they are.</p>
      <div class="actions"><button type="button" class="danger" data-action="unlink-confirm">Unlink</button>
        <button type="button" data-action="unlink-cancel">Keep the link</button></div>
    </div>
    ${card.associatedRecords ? '<div class="associated"><button type="button" class="subtle" data-action="associated">Show associated records</button></div>' : ''}`;
}

function cardHtml(card) {
  const header = `<header><h3>${esc(card.name)}</h3>
      <span class="lozenge discovery mode" data-mode="${esc(card.mode)}">${esc(MODES[card.mode] || card.mode)}</span>
      ${card.statusSync ? '<span class="lozenge success">Status sync</span>' : ''}</header>
    <p class="meta">${esc(card.module)} · ${esc(card.object)}</p>`;
  const body = card.link ? linkedRecord(card)
    : `<p class="unlinked">No HubSpot ${esc(card.object)} record is linked.</p>
       ${(card.actions || []).includes('LINK') ? '<div class="actions"><button type="button" class="primary" data-action="link">Link</button></div>' : ''}`;
  return `<section class="card" data-item="${esc(card.itemId)}" data-object="${esc(card.object)}">${header}${body}</section>`;
}

async function load() {
  panel = await call('GET', `/forge/panel/${encodeURIComponent(issueKey)}`);
  const cards = panel.cards || [];
  $('state').textContent = panel.state === 'READY' ? '' : panel.message || '';
  $('state').hidden = panel.state === 'READY';
  $('read-only').hidden = panel.state !== 'READY' || panel.canEdit !== false;
  $('cards').innerHTML = cards.map(cardHtml).join('');
}

// ---- linking: by record id, or by searching names/titles ---------------------------------------------------------------

function openLinkForm(cardEl) {
  if (cardEl.querySelector('.link-form')) return;
  const object = cardEl.dataset.object;
  cardEl.insertAdjacentHTML('beforeend', `
    <form class="link-form" novalidate>
      <h4>Link a HubSpot record</h4>
      <p class="note">Enter the record ID of the HubSpot ${esc(object)} record to link, or find it by its name.</p>
      <label>Record ID<input name="recordId" class="record-id-input" inputmode="numeric" autocomplete="off"></label>
      <label>Search by name/title<input name="search" class="record-search" placeholder="Start typing to search HubSpot records" autocomplete="off"></label>
      <ul class="results" role="listbox"></ul>
      <button type="button" class="subtle search-more" data-action="search-more" hidden>More results</button>
      <p class="error link-error" role="alert"></p>
      <div class="actions"><button type="submit" class="primary">Link</button><button type="button" data-action="link-cancel">Cancel</button></div>
    </form>`);
  cardEl.querySelector('.record-id-input').focus();
}

async function search(cardEl, more) {
  const form = cardEl.querySelector('.link-form');
  const text = form.search.value.trim();
  const list = form.querySelector('.results');
  if (!text) {
    list.innerHTML = '';
    form.querySelector('.search-more').hidden = true;
    return;
  }
  const after = more ? form.dataset.after : '';
  const page = await call('GET', itemPath(cardEl.dataset.item, `/search?q=${encodeURIComponent(text)}${after ? `&after=${encodeURIComponent(after)}` : ''}`));
  if (form.search.value.trim() !== text) return;
  const items = page.results.map((r) => `<li role="option" data-record="${esc(r.recordId)}">${esc(r.title || '(no name)')} <span class="meta">#${esc(r.recordId)}</span></li>`).join('');
  list.innerHTML = more ? list.innerHTML + items : items || '<li class="meta" aria-disabled="true">No record matches.</li>';
  form.dataset.after = page.after || '';
  form.querySelector('.search-more').hidden = !page.after;
}

async function link(cardEl) {
  const form = cardEl.querySelector('.link-form');
  form.querySelector('.link-error').textContent = '';
  try {
    await call('POST', itemPath(cardEl.dataset.item, '/link'), { recordId: form.recordId.value.trim() });
    flag('Record linked');
    await load();
  } catch (e) {
    form.querySelector('.link-error').textContent = e.message;
  }
}

async function showAssociated(cardEl) {
  const groups = await call('GET', itemPath(cardEl.dataset.item, '/associated'));
  cardEl.querySelector('.associated').innerHTML = groups.map((g) => `
    <details class="group" data-type="${esc(g.objectType)}">
      <summary>${esc(g.label)} (${g.records.length})</summary>
      ${g.readable ? '' : `<p class="warning">${esc(g.problem)}</p>`}
      <ul>${g.records.map((r) => `<li>${esc(r.title || r.recordId)}
        <button type="button" class="subtle" data-action="open" data-url="${esc(r.openUrl)}">Open</button></li>`).join('')}</ul>
    </details>`).join('');
}

// ---- events -------------------------------------------------------------------------------------------------------------

let searchTimer = null;
$('cards').addEventListener('input', (e) => {
  const cardEl = e.target.closest('.card');
  if (!e.target.classList.contains('record-search')) return;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(cardEl, false).catch((err) => { cardEl.querySelector('.link-error').textContent = err.message; }), 300);
});
$('cards').addEventListener('submit', (e) => {
  e.preventDefault();
  link(e.target.closest('.card'));
});
$('cards').addEventListener('click', async (e) => {
  const chosen = e.target.closest('ul.results li[data-record]');
  if (chosen) {
    const form = chosen.closest('.link-form');
    form.recordId.value = chosen.dataset.record;
    form.querySelectorAll('li.chosen').forEach((li) => li.classList.remove('chosen'));
    chosen.classList.add('chosen');
    return;
  }
  const button = e.target.closest('button[data-action]');
  if (!button) return;
  const cardEl = button.closest('.card');
  const action = button.dataset.action;
  try {
    if (action === 'open') await router.open(button.dataset.url);
    if (action === 'link') openLinkForm(cardEl);
    if (action === 'link-cancel') cardEl.querySelector('.link-form').remove();
    if (action === 'search-more') await search(cardEl, true);
    if (action === 'associated') await showAssociated(cardEl);
    if (action === 'unlink') cardEl.querySelector('.confirm-unlink').hidden = false;
    if (action === 'unlink-cancel') cardEl.querySelector('.confirm-unlink').hidden = true;
    if (action === 'unlink-confirm') {
      await call('DELETE', itemPath(cardEl.dataset.item, '/link'));
      flag('Record unlinked');
      await load();
    }
    if (action === 'refresh') {
      button.disabled = true;
      button.textContent = 'Refreshing…';
      await call('POST', itemPath(cardEl.dataset.item, '/refresh'));
      flag('Refreshed from HubSpot');
      await load();
    }
  } catch (err) {
    flag(err.message);
    if (action === 'refresh') {
      button.disabled = false;
      button.textContent = 'Refresh';
    }
  }
});

async function start() {
  try {
    await view.theme.enable();
  } catch (e) {
    // the host could not give its theme: the light values in panel.css stand in
  }
  try {
    const context = await view.getContext();
    issueKey = context.extension.issue.key;
    await load();
  } catch (e) {
    $('state').hidden = false;
    $('state').textContent = `The HubSpot panel could not load: ${e.message}`;
  } finally {
    document.body.dataset.ready = 'true';
  }
}

start();
