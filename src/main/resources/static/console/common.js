// Shared helpers for the console pages: JSON calls to the admin API (same-origin; the browser sends the admin
// credentials it was asked for), HTML escaping, and a toast for outcomes.
async function api(method, path, body) {
  const options = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
  const response = await fetch(path, options);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) { const e = new Error((data && (data.detail || data.message)) || response.statusText); e.status = response.status; e.body = data; throw e; }
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
