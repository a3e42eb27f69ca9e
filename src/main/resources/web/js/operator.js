// The operators' page: the manual weighing form (two passes, or one with a stored tare), the vehicles on site,
// today's tickets, the collection points to collect or silent, and the quarantine. Moved by the live events.
import { $, el, fillTable, option, debounce } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import * as fmt from './format.js';

// the API's field names, and the input that shows each one's error
const INPUTS = {
  ticket: 'f-ticket', bridge: 'f-bridge', at: 'f-at', weightKg: 'f-weightKg', direction: 'f-direction',
  plate: 'f-plate', carrier: 'f-carrier', wasteCode: 'f-wasteCode', origin: 'f-origin', destination: 'f-destination',
  operation: 'f-operation', mode: 'f-operation', manual: 'f-manual', manualReason: 'f-manualReason', seq: 'seq-first',
};
const WASTE_CODES = ['20 03 07', '20 01 36', '20 01 38', '20 01 40', '17 08 02', '19 12 01', '19 12 02', '19 12 03',
  '19 12 04', '19 12 07', '19 12 08', '19 12 09', '19 12 10', '19 12 12'];
const OPERATION_CODES = [...Array.from({ length: 14 }, (_, i) => `R ${i}`), ...Array.from({ length: 15 }, (_, i) => `D ${i + 1}`)];

let state = null;
let key = null;        // the idempotency key of the weighing being entered, kept until the tracker answers it
let atTouched = false; // the operator set the time; otherwise it is "now" when sent
let freshTicket = null;

function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

function newKey() { key = `manual-${randomHex(12)}`; }

function localNow() {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

function newTicketNumber() {
  return `M-${fmt.todayInParis().replaceAll('-', '')}-${randomHex(3).toUpperCase()}`;
}

function site() { return $('#op-site').value; }
function siteData() { return state.reference.sites.find((s) => s.id === site()); }
function seq() { return document.querySelector('input[name="seq"]:checked').value; }
function canWrite() { return state.me.role === 'operator' || state.me.role === 'admin'; }

/** The sites this token may see: an operator's own, every site for the other roles. */
function sites() {
  const all = state.reference.sites;
  return state.me.role === 'operator' ? all.filter((s) => state.me.sites.includes(s.id)) : all;
}

export function init(s) {
  state = s;
  $('#op-site').addEventListener('change', () => { siteChanged(); reloadAll(); });
  $('#f-bridge').addEventListener('change', bridgeHint);
  document.querySelectorAll('input[name="seq"]').forEach((r) => r.addEventListener('change', seqChanged));
  $('#f-direction').addEventListener('change', directionChanged);
  $('#f-plate').addEventListener('input', tareInfo);
  $('#f-at').addEventListener('input', () => { atTouched = true; tareInfo(); });
  $('#weigh-form').addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  $('#weigh-reset').addEventListener('click', () => startTicket());
  $('#quarantine-reload').addEventListener('click', loadQuarantine);
  $('#waste-codes').replaceChildren(...WASTE_CODES.map((c) => el('option', { value: c })));
  $('#operation-codes').replaceChildren(...OPERATION_CODES.map((c) => el('option', { value: c })));
}

/** Shows the page for the token signed in: its sites, the form if it may write, the lists. */
export function show() {
  const select = $('#op-site');
  const previous = select.value;
  select.replaceChildren(...sites().map((s) => option(s.id, `${s.name || s.id}`, s.id === previous)));
  $('#weighing').hidden = !canWrite();
  const kept = ['#f-carrier', '#f-destination', '#f-bridge', '#f-origin'].map((id) => [id, $(id).value]);
  const partners = state.reference.partners;
  const none = option('', t('weigh.none'));
  $('#f-carrier').replaceChildren(...partners.filter((p) => p.roles.some((r) => r === 'COLLECTION' || r === 'TRANSPORT'))
    .map((p) => option(p.id, `${p.id} · ${p.name}`)));
  $('#f-destination').replaceChildren(none.cloneNode(true),
    ...partners.filter((p) => p.roles.includes('TREATMENT')).map((p) => option(p.id, `${p.id} · ${p.name}`)));
  siteChanged();
  kept.forEach(([id, v]) => { if (v && [...$(id).options].some((o) => o.value === v)) $(id).value = v; });
  if (!key) startTicket();
  relabel();
  reloadAll();
}

/** Labels written by the script, again after a change of language. */
export function relabel() {
  bridgeHint();
  tareInfo();
}

function siteChanged() {
  const s = siteData();
  if (!s) return;
  $('#f-bridge').replaceChildren(...s.weighbridges.map((b) => option(b.id, `${b.id} (${b.divisionKg} kg)`)));
  $('#f-origin').replaceChildren(option('', t('weigh.none')),
    ...(s.points || []).map((p) => option(p.id, `${p.id} · ${p.name || ''}`)));
  bridgeHint();
}

function bridgeHint() {
  const s = siteData();
  const b = s && s.weighbridges.find((x) => x.id === $('#f-bridge').value);
  $('#weight-hint').textContent = b ? t('weigh.division', {
    bridge: b.id, division: b.divisionKg, min: fmt.kilograms(20 * b.divisionKg), max: fmt.kilograms(b.maxKg),
  }) : '';
}

function seqChanged() {
  const opening = seq() !== 'second';
  $('#opening-fields').disabled = !opening;
  $('#opening-fields').hidden = !opening;
  clearErrors();
}

function directionChanged() {
  const out = $('#f-direction').value === 'OUT';
  document.querySelectorAll('#opening-fields .in-only').forEach((e) => { e.hidden = out; });
  document.querySelectorAll('#opening-fields .out-only').forEach((e) => { e.hidden = !out; });
}

/** The stored tare of the plate typed, and whether it is valid at the weighing's time (reference data). */
function tareInfo() {
  const info = $('#tare-info');
  const plate = $('#f-plate').value.toUpperCase().replace(/[\s-]/g, '');
  if (!plate) { info.textContent = ''; return; }
  const tare = (state.reference.storedTares || []).find((x) => x.plate.toUpperCase().replace(/[\s-]/g, '') === plate);
  if (!tare) { info.textContent = t('tare.none'); return; }
  const at = atTouched && $('#f-at').value ? new Date($('#f-at').value) : new Date();
  const params = { kg: fmt.tonnes(tare.kg), until: fmt.date(tare.validUntil) };
  info.textContent = new Date(tare.validUntil) > at ? t('tare.valid', params) : t('tare.expired', params);
}

/** A new weighing: a new key; for a new ticket, a new number and the first pass. */
function startTicket(second = null) {
  newKey();
  clearErrors();
  atTouched = false;
  $('#f-at').value = localNow();
  $('#f-weightKg').value = '';
  if (second) {
    $('#seq-second').checked = true;
    $('#f-ticket').value = second.ticket;
    if (second.bridge) $('#f-bridge').value = second.bridge;
  } else {
    $('#seq-first').checked = true;
    $('#f-ticket').value = newTicketNumber();
    $('#f-plate').value = '';
    $('#weigh-result').textContent = '';
  }
  seqChanged();
  directionChanged();
  tareInfo();
}

function clearErrors() {
  document.querySelectorAll('#weigh-form .field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  document.querySelectorAll('#weigh-form [aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  $('#weigh-summary').hidden = true;
}

/** Shows a message next to the input of an API field (origin.point → origin); false when no input shows it. */
function fieldError(field, message) {
  const base = field.split(/[.[]/)[0];
  const id = INPUTS[base];
  if (!id) return false;
  const p = $(`#err-${base}`);
  p.textContent = p.textContent ? `${p.textContent} ${message}` : message;
  p.hidden = false;
  $(`#${id}`).setAttribute('aria-invalid', 'true');
  return true;
}

function value(id) {
  const v = $(`#${id}`).value.trim();
  return v === '' ? undefined : v;
}

/** The pass as interface.md describes it, from the form: what is empty is left out, so the API names it. */
function pass() {
  const s = seq();
  const weight = value('f-weightKg');
  const at = atTouched ? value('f-at') : localNow();
  const parsedAt = at && !Number.isNaN(new Date(at).getTime()) ? new Date(at).toISOString().replace('.000Z', 'Z') : at;
  const body = {
    key, ticket: value('f-ticket'), site: site(), bridge: value('f-bridge'), at: parsedAt, seq: s,
    weightKg: weight !== undefined && /^\d+$/.test(weight) ? Number(weight) : weight,
    manual: $('#f-manual').checked, manualReason: value('f-manualReason'),
  };
  if (s !== 'second') {
    Object.assign(body, {
      direction: value('f-direction'), plate: value('f-plate'), carrier: value('f-carrier'), wasteCode: value('f-wasteCode'),
    });
    if (body.direction === 'OUT') {
      Object.assign(body, { destination: value('f-destination'), operation: value('f-operation') });
    } else if (value('f-origin')) {
      const point = (siteData().points || []).find((p) => p.id === value('f-origin'));
      body.origin = { point: point.id, insee: point.insee };
    }
  }
  if (!body.manual) delete body.manualReason;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

async function submit() {
  clearErrors();
  const result = $('#weigh-result');
  result.textContent = '';
  result.classList.remove('bad');
  if (!$('#f-manual').checked) {
    fieldError('manual', t('weigh.manualRequired'));
    summary(t('weigh.invalid'), []);
    return;
  }
  const button = $('#weigh-submit');
  button.disabled = true;
  try {
    const { status, body } = await api.post('/api/v1/passes', pass());
    freshTicket = body.ticket;
    if (status === 200) {
      startTicket();
      result.textContent = t('weigh.duplicate');
    } else if (body.status === 'OPEN') {
      const first = (body.passes || []).find((p) => p.seq !== 'second') || {};
      result.textContent = t('weigh.opened', { ticket: body.ticket, kg: fmt.tonnes(first.weightKg ?? body.grossKg) });
      startTicket({ ticket: body.ticket, bridge: body.bridge });
    } else {
      startTicket();
      result.textContent = t('weigh.closed', {
        ticket: body.ticket, net: fmt.tonnes(body.netKg), gross: fmt.tonnes(body.grossKg), tare: fmt.tonnes(body.tareKg),
      });
    }
    reloadLists();
  } catch (e) {
    if (e instanceof api.ApiError) {
      const unshown = e.errors.filter((x) => !fieldError(x.field, x.message));
      if (e.errors.length > 0) {
        summary(t('weigh.invalid'), unshown);
      } else {
        summary(t('weigh.refused', { detail: e.message }), []);
      }
    } else {
      result.classList.add('bad');
      result.textContent = t('weigh.failed');
    }
  } finally {
    button.disabled = false;
  }
}

/** The form's summary of a refusal, with the errors no field shows; focus goes to the first invalid field. */
function summary(text, others) {
  const box = $('#weigh-summary');
  box.replaceChildren(text, ...others.map((x) => el('span', { class: 'other' }, ` ${x.field}: ${x.message}`)));
  box.hidden = false;
  const first = document.querySelector('#weigh-form [aria-invalid="true"]');
  (first || box).focus();
}

// --- the lists ---

const reloadLists = debounce(() => { loadVehicles(); loadTickets(); }, 150);
const reloadPoints = debounce(() => loadPoints(), 300);

function reloadAll() {
  loadVehicles();
  loadTickets();
  loadPoints();
  loadQuarantine();
}

function failed(table, e) {
  fillTable(table, [1], () => el('tr', {}, el('td', { colspan: '8', class: 'field-error' }, t('error.load', { detail: e.message }))));
}

async function loadVehicles() {
  const table = $('#vehicles-table');
  try {
    const data = await api.get(`/api/v1/vehicles-on-site?site=${encodeURIComponent(site())}`);
    fillTable(table, data.vehicles, (v) => el('tr', { 'data-ticket': v.ticket, class: v.ticket === freshTicket ? 'fresh' : null },
      el('td', {}, v.ticket), el('td', {}, v.plate), el('td', {}, t(`dir.short.${v.direction}`)), el('td', {}, fmt.time(v.since)),
      el('td', { class: 'num' }, fmt.tonnes(v.firstWeightKg)),
      el('td', {}, canWrite() ? el('button', {
        type: 'button', 'aria-label': `${t('vehicles.weighOut')} ${v.ticket}`,
        onclick: () => { startTicket({ ticket: v.ticket, bridge: v.bridge }); $('#f-weightKg').focus(); },
      }, t('vehicles.weighOut')) : '')));
  } catch (e) { failed(table, e); }
}

async function loadTickets() {
  const table = $('#tickets-table');
  try {
    const data = await api.get(`/api/v1/tickets?site=${encodeURIComponent(site())}&period=${fmt.todayInParis()}&limit=100`);
    fillTable(table, data.items, (x) => el('tr', { 'data-ticket': x.ticket, class: x.ticket === freshTicket ? 'fresh' : null },
      el('td', {}, x.ticket), el('td', {}, el('span', { class: `badge ${x.status.toLowerCase()}` }, t(`status.${x.status}`))),
      el('td', {}, x.direction ? t(`dir.short.${x.direction}`) : '—'), el('td', {}, x.plate || '—'), el('td', {}, x.wasteCode || '—'),
      el('td', {}, fmt.time(x.closedAt || x.openedAt)), el('td', { class: 'num' }, x.netKg === null ? '—' : fmt.tonnes(x.netKg)),
      el('td', {}, x.manual ? t('yes') : t('no'))));
  } catch (e) { failed(table, e); }
}

async function loadPoints() {
  const table = $('#points-table');
  try {
    const data = await api.get(`/api/v1/points?site=${encodeURIComponent(site())}`);
    const flagged = data.items.filter((p) => p.toCollect || p.silent)
      .sort((a, b) => Number(b.toCollect) - Number(a.toCollect) || a.id.localeCompare(b.id));
    fillTable(table, flagged, (p) => el('tr', { 'data-point': p.id },
      el('td', {}, `${p.id} · ${p.name || ''}`),
      el('td', { class: 'num' }, p.fillPercent === null ? '—' : fmt.percent(p.fillPercent / 100)),
      el('td', {}, p.lastReadingAt ? fmt.dateTime(p.lastReadingAt) : t('points.never')),
      el('td', {}, p.toCollect ? el('span', { class: 'badge collect' }, t('points.collect')) : '',
        p.silent ? el('span', { class: 'badge silent' }, t('points.silent')) : '')));
  } catch (e) { failed(table, e); }
}

async function loadQuarantine() {
  const table = $('#quarantine-table');
  try {
    const data = await api.get(`/api/v1/quarantine?site=${encodeURIComponent(site())}&limit=20`);
    fillTable(table, data.items, (q) => el('tr', {},
      el('td', {}, fmt.dateTime(q.receivedAt)), el('td', {}, q.reason),
      el('td', {}, ...((q.errors || []).length > 0 ? q.errors.map((x) => el('div', {}, `${x.field}: ${x.message}`))
        : [el('div', {}, q.detail || '')]),
        el('pre', { class: 'payload' }, (q.payload || q.payloadBase64 || '').slice(0, 300)))));
  } catch (e) { failed(table, e); }
}

/** A live event: a ticket or reading of the site shown moves its lists; a resync reads everything again. */
export function onEvent(type, data) {
  if (type === 'ticket' && data.site === site()) {
    freshTicket = data.ticket;
    reloadLists();
  } else if (type === 'points' && data.site === site()) {
    reloadPoints();
  } else if (type === 'resync') {
    reloadAll();
  }
}
