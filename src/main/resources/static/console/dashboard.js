// Dashboard: per item, is it healthy and if not why (GET /api/dashboard), grouped by connection pair; the polls running now (GET /api/progress
// every 3 s); and four charts (GET /api/charts, drawn with uPlot, refreshed every minute). "Poll now" asks for a poll.
const HEALTH = {
  HEALTHY: ['ok', 'Healthy'], ATTENTION: ['warn', 'Needs attention'], FAILING: ['bad', 'Failing'], PAUSED: ['off', 'Paused'],
};
const MODE_ARROWS = { ONE_WAY: '→', TWO_WAY: '⇄', CUSTOM: '⇄', DISPLAY_ONLY: '→' };
const highlightItem = new URLSearchParams(location.search).get('itemId');

// ---- items health -----------------------------------------------------------------------------------------------
function healthCell(h) {
  const [cls, text] = HEALTH[h.health] || ['off', humanize(h.health)];
  const problems = (h.problems || []).length
    ? `<ul class="problems">${h.problems.map(p => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
  return `<span class="lozenge ${cls} health">${esc(text)}</span>${h.running ? ' <span class="lozenge info running">Running</span>' : ''}${problems}`;
}
function syncsCell(h) {
  const l = h.labels || {};
  const object = (l.object && l.object.label) || '';
  const projects = (l.projects || []).map(p => p.label).join(', ') || 'no project';
  const arrow = MODE_ARROWS[l.mode && l.mode.value] || '→';
  const type = l.issueType && l.issueType.label && l.issueType.label !== 'any type' ? ` <span class="muted">as ${esc(l.issueType.label)}</span>` : '';
  return `<div>${esc(object)} ${arrow} ${esc(projects)}${type}</div>
    <div class="muted">${esc(l.mode ? l.mode.label : '')}</div>
    <div class="muted">${fmtNumber(h.links)} linked record${h.links === 1 ? '' : 's'}</div>`;
}
function pair(label, html) { return `<div class="pair"><span class="muted">${esc(label)}</span> ${html}</div>`; }
function lagText(seconds) { return seconds === null || seconds === undefined ? '<span class="muted">—</span>' : esc(fmtDuration(seconds)); }
function lastPollText(p) {
  if (!p) return '<span class="muted">never</span>';
  if (p.running) {
    return `<span class="lozenge info">Running</span> ${esc(fmtNumber(p.recordsSeen))} records so far
      <div class="muted">started ${agoHtml(p.startedAt)}</div>${p.stalled ? '<div class="box-warn">Not moving — it may be stuck</div>' : ''}`;
  }
  let words;
  if (p.outcome === 'OK') words = 'completed';
  else if (p.outcome === 'PARTIAL') words = `completed, ${p.failedRecords} record${p.failedRecords === 1 ? '' : 's'} not synced`;
  else if (p.outcome === 'FAILED') words = `failed: ${p.detail || 'no detail'}`;
  else words = humanize(p.outcome) || 'finished';
  const cls = p.outcome === 'OK' ? '' : p.outcome === 'FAILED' ? ' class="error"' : ' class="warn-text"';
  return `<div${cls}>${esc(words)}</div><div class="muted">${agoHtml(p.finishedAt || p.updatedAt)} · ${esc(fmtNumber(p.recordsSeen))} records</div>`;
}
function healthRow(h) {
  const dead = h.openDeadLetters > 0
    ? `<a class="dead-letter-link" href="dead-letters.html?itemId=${h.id}">${fmtNumber(h.openDeadLetters)} open</a>`
    : '<span class="muted">0</span>';
  const last = h.lastSuccess || {};
  const lag = h.lag || {};
  return `<tr data-item="${h.id}" data-health="${esc(h.health)}"${String(h.id) === highlightItem ? ' class="highlight"' : ''}>
    <td><strong class="item-name">${esc(h.name)}</strong>
      <div class="muted"><a href="activity.html?itemId=${h.id}">Activity</a> · <a href="divergence.html?itemId=${h.id}">Divergence</a></div></td>
    <td>${healthCell(h)}</td>
    <td>${syncsCell(h)}</td>
    <td class="last-success">${pair('HubSpot → Jira', agoHtml(last.hubspotToJira))}${pair('Jira → HubSpot', agoHtml(last.jiraToHubSpot))}</td>
    <td class="lag">${pair('HubSpot → Jira', lagText(lag.hubspotToJiraSeconds))}${pair('Jira → HubSpot', lagText(lag.jiraToHubSpotSeconds))}</td>
    <td class="num failures">${h.failures24h > 0 ? `<a href="activity.html?itemId=${h.id}&outcome=FAILED">${fmtNumber(h.failures24h)}</a>` : '<span class="muted">0</span>'}</td>
    <td class="num dead-letters">${dead}</td>
    <td class="last-poll">${lastPollText(h.lastPoll)}</td>
  </tr>`;
}
// the items of one connection pair (a HubSpot portal and a Jira site) under one heading, in the order the server gives
function pairKey(h) { const c = h.connections || {}; return `${c.hubspotConnectionId}/${c.jiraConnectionId}`; }
function pairHeading(h) {
  const c = h.connections || {};
  const name = (n, id) => (n ? esc(n) : `<span class="muted">${id ? '#' + esc(id) : 'not connected'}</span>`);
  return `<tr class="pair-group" data-pair="${esc(pairKey(h))}"><th colspan="8">HubSpot <span class="pair-hubspot">${name(c.hubspotConnection, c.hubspotConnectionId)}</span>
    ⇄ Jira <span class="pair-jira">${name(c.jiraConnection, c.jiraConnectionId)}</span></th></tr>`;
}
async function loadHealth() {
  const rows = await api('GET', '/api/dashboard');
  let html = '';
  let group = null;
  for (const h of rows) {
    if (pairKey(h) !== group) { group = pairKey(h); html += pairHeading(h); }
    html += healthRow(h);
  }
  document.querySelector('#health-table tbody').innerHTML = html
    || '<tr><td colspan="8" class="empty">No Smart Connected Items yet — create one under <a href="admin.html">Items &amp; connections</a>.</td></tr>';
}

// ---- running polls ----------------------------------------------------------------------------------------------
let runningItems = new Set();
let progressFailing = false;
function progressBlock(p) {
  const total = p.expectedTotal;
  const percent = p.percent ?? (total ? Math.min(100, Math.floor(p.recordsSeen * 100 / total)) : null);
  const count = total !== null && total !== undefined
    ? `${fmtNumber(p.recordsSeen)} of ${fmtNumber(total)} records${percent !== null ? ` (${percent} %)` : ''}`
    : `${fmtNumber(p.recordsSeen)} records ${p.running ? 'so far' : 'read'}`;
  let status;
  if (p.running) status = p.stalled ? '<span class="lozenge warn">Stalled</span>' : '<span class="lozenge info">Running</span>';
  else if (p.outcome === 'OK') status = '<span class="lozenge ok">Completed</span>';
  else if (p.outcome === 'PARTIAL') status = '<span class="lozenge warn">Completed with failures</span>';
  else status = '<span class="lozenge bad">Failed</span>';
  const bar = total ? `<progress max="${total}" value="${Math.min(p.recordsSeen, total)}"></progress>`
    : p.running ? '<progress></progress>' : '<progress max="1" value="1"></progress>';
  const facts = [`started ${agoHtml(p.startedAt)}`, `${fmtNumber(p.pages)} page${p.pages === 1 ? '' : 's'} read`];
  if (p.running) {
    facts.unshift(`<span class="rate">${esc((p.ratePerSecond ?? 0).toLocaleString(undefined, { maximumFractionDigits: 1 }))} records/s</span>`);
    if (p.eta) facts.unshift(`<span class="eta">done around ${esc(fmtTime(p.eta))} (${esc(fmtAgo(p.eta))})</span>`);
  } else {
    facts.unshift(`finished ${agoHtml(p.finishedAt)}`);
  }
  if (p.instance) facts.push(`on ${esc(p.instance)}`);
  let note = '';
  if (p.running && p.stalled) {
    note = `<div class="box-warn stalled">No progress since ${esc(fmtTime(p.updatedAt))} (${esc(fmtAgo(p.updatedAt))}). The poll may be stuck: HubSpot may be slow to answer, or the instance running it may have stopped.</div>`;
  } else if (!p.running && p.outcome === 'PARTIAL') {
    note = `<div class="box-warn">${fmtNumber(p.failedRecords)} record${p.failedRecords === 1 ? '' : 's'} not synced${p.detail ? ': ' + esc(p.detail) : ''} — see <a href="dead-letters.html?itemId=${p.itemId}">dead letters</a>.</div>`;
  } else if (!p.running && p.outcome === 'FAILED') {
    note = `<div class="box-bad">The poll failed: ${esc(p.detail || 'no detail')}</div>`;
  }
  return `<div class="progress-block" data-progress-item="${p.itemId}" data-running="${p.running}">
    <h3>${esc(p.item)} ${status}</h3>
    <div class="progress-count">${esc(count)}</div>
    ${bar}
    <div class="facts">${facts.map(f => `<span>${f}</span>`).join('')}</div>
    ${note}
  </div>`;
}
let progressBusy = false;
async function loadProgress() {
  if (progressBusy) return;
  progressBusy = true;
  try {
    const polls = await api('GET', '/api/progress');
    document.getElementById('progress-list').innerHTML = polls.map(progressBlock).join('') || '<p class="empty">No poll is running.</p>';
    const nowRunning = new Set(polls.filter(p => p.running).map(p => p.itemId));
    const changed = nowRunning.size !== runningItems.size || [...nowRunning].some(id => !runningItems.has(id));
    runningItems = nowRunning;
    progressFailing = false;
    if (changed) loadHealth().catch(err => toast(err.message));
  } catch (err) {
    if (!progressFailing) toast('Could not read the running polls: ' + err.message);
    progressFailing = true;
  } finally {
    progressBusy = false;
  }
}

// ---- charts ----------------------------------------------------------------------------------------------------
const charts = {};
const CHART_HEIGHT = 220;
const count = (u, v) => (v === null || v === undefined ? '—' : fmtNumber(v));
const zeroBased = (u, min, max) => [0, max > 0 ? max * 1.1 : 1];

function chartWidth(el) { return Math.max(300, el.clientWidth || 1000); }
function draw(id, series, data, axisLabel, valueFmt = count, axisFmt) {
  const el = document.getElementById(id);
  if (typeof uPlot === 'undefined') {
    el.innerHTML = '<p class="empty">The chart library (uPlot) could not be loaded, so this chart cannot be drawn.</p>';
    return;
  }
  if (charts[id]) { charts[id].setData(data); return; }
  el.innerHTML = '';
  const opts = {
    width: chartWidth(el), height: CHART_HEIGHT,
    scales: { y: { range: zeroBased } },
    series: [{}, ...series.map(s => ({ width: 2, value: valueFmt, spanGaps: false, ...s }))],
    axes: [{}, { label: axisLabel, size: 60, ...(axisFmt ? { values: (u, ticks) => ticks.map(axisFmt) } : {}) }],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
  };
  charts[id] = new uPlot(opts, data, el);
}
function percentOf(part, whole) {
  if (!whole) return '0';
  const p = part * 100 / whole;
  return p < 10 ? p.toFixed(1) : Math.round(p).toString();
}
async function loadCharts() {
  const hours = document.getElementById('chart-hours').value;
  const c = await api('GET', `/api/charts?hours=${encodeURIComponent(hours)}`);
  const r = c.records;
  draw('chart-records', [
    { label: 'HubSpot → Jira synced', stroke: '#0052cc', points: { show: r.hours.length <= 48 } },
    { label: 'HubSpot → Jira failed', stroke: '#de350b', dash: [6, 3], points: { show: r.hours.length <= 48 } },
    { label: 'Jira → HubSpot synced', stroke: '#00875a', points: { show: r.hours.length <= 48 } },
    { label: 'Jira → HubSpot failed', stroke: '#ff991f', dash: [6, 3], points: { show: r.hours.length <= 48 } },
  ], [r.hours, r.hubspotToJiraSynced, r.hubspotToJiraFailed, r.jiraToHubSpotSynced, r.jiraToHubSpotFailed], 'records');

  const h = c.hubspot;
  draw('chart-hubspot', [
    { label: 'Calls per minute', stroke: '#0052cc', fill: 'rgba(0,82,204,0.08)', points: { show: false } },
    { label: 'Busiest 10 seconds', stroke: '#6554c0', points: { show: false } },
    { label: '10-second limit', stroke: '#de350b', dash: [8, 4], width: 1, points: { show: false } },
  ], [h.minutes, h.calls, h.peak10s, h.minutes.map(() => h.limit10s)], 'calls');
  let daily = `Today: ${fmtNumber(h.callsToday)} of ${fmtNumber(h.dailyLimit)} daily calls (${percentOf(h.callsToday, h.dailyLimit)} %)`;
  daily += h.dailyRemaining !== null && h.dailyRemaining !== undefined
    ? ` · HubSpot reports ${fmtNumber(h.dailyRemaining)} remaining` : ` · about ${fmtNumber(Math.max(0, h.dailyLimit - h.callsToday))} remaining`;
  daily += ` · 10-second limit: ${fmtNumber(h.limit10s)} calls`;
  document.getElementById('hubspot-daily').textContent = daily;

  const j = c.jira;
  draw('chart-jira', [
    { label: 'Calls per minute', stroke: '#0052cc', fill: 'rgba(0,82,204,0.08)', points: { show: false } },
  ], [j.minutes, j.calls], 'calls');

  const w = c.webhookLag;
  const seconds = v => (v < 1 && v > 0 ? `${Math.round(v * 1000)} ms` : v < 10 && !Number.isInteger(v) ? `${v.toFixed(1)} s` : fmtDuration(v));
  const duration = (u, v) => (v === null || v === undefined ? '—' : seconds(v));
  draw('chart-lag', [
    { label: 'Median', stroke: '#00875a', points: { show: true, size: 4 } },
    { label: 'Slowest', stroke: '#de350b', points: { show: true, size: 4 } },
  ], [w.buckets, w.median, w.max], 'time', duration, seconds);
  document.getElementById('lag-events').textContent = w.events > 0
    ? `${fmtNumber(w.events)} Jira event${w.events === 1 ? '' : 's'} handled in this period.`
    : 'No Jira webhook events in this period, so there is no lag to show.';
}
/** When the series cannot be read, each chart not drawn yet says so (a drawn one keeps its last data). */
function chartsFailed(err) {
  for (const id of ['chart-records', 'chart-hubspot', 'chart-jira', 'chart-lag']) {
    if (!charts[id]) document.getElementById(id).innerHTML = `<p class="empty">The chart data could not be loaded: ${esc(err.message)}</p>`;
  }
  throw err;
}
const refreshCharts = () => loadCharts().catch(chartsFailed);
let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const [id, chart] of Object.entries(charts)) chart.setSize({ width: chartWidth(document.getElementById(id)), height: CHART_HEIGHT });
  }, 150);
});
document.getElementById('chart-hours').addEventListener('change', () => refreshCharts().catch(err => toast(err.message)));

// ---- actions ---------------------------------------------------------------------------------------------------
document.getElementById('poll-now').addEventListener('click', async () => {
  try {
    const r = await api('POST', '/api/poll');
    toast((r && r.message) || 'The poll runs now');
    setTimeout(loadProgress, 1000);
  } catch (err) { toast(err.message); }
});

(async () => {
  const results = await Promise.allSettled([loadHealth(), loadProgress(), refreshCharts()]);
  results.filter(r => r.status === 'rejected').forEach(r => toast(r.reason.message));
})().finally(() => {
  markReady();
  setInterval(loadProgress, 3000);
  // the health table follows a running poll's progress too (every 9 s), else every minute with the charts
  let ticks = 0;
  setInterval(() => {
    ticks++;
    const running = document.querySelector('#progress .progress-block[data-running="true"]');
    if (running && ticks % 3 === 0) loadHealth().catch(err => toast(err.message));
  }, 3000);
  setInterval(() => { refreshCharts().catch(err => toast(err.message)); loadHealth().catch(err => toast(err.message)); }, 60000);
});
