// The members' page: the partner's tonnage by month, activity and waste code, its share of the cooperative's,
// the cooperative's valorisation rates against the trajectory (chart and table), and the reports to download.
import { $, el, fillTable, option, debounce } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import * as fmt from './format.js';
import { rateChart } from './chart.js';

let state = null;
let loading = 0;

function partner() { return $('#m-partner').value; }
function year() { return $('#m-year').value; }

export function init(s) {
  state = s;
  $('#m-partner').addEventListener('change', load);
  $('#m-year').addEventListener('change', () => { $('#r-period').value = year(); load(); });
  document.querySelectorAll('[data-format]').forEach((b) => b.addEventListener('click', () => downloadReport(b)));
}

export function show() {
  const select = $('#m-partner');
  if (state.me.role === 'member') {
    select.replaceChildren(option(state.me.partner, partnerLabel(state.me.partner), true));
    select.disabled = true;
  } else {
    const previous = select.value;
    select.replaceChildren(...state.reference.partners.map((p) => option(p.id, partnerLabel(p.id), p.id === previous)));
    select.disabled = false;
  }
  const years = $('#m-year');
  if (years.options.length === 0) {
    const now = Number(fmt.todayInParis().slice(0, 4));
    years.replaceChildren(...[0, 1, 2, 3].map((i) => option(String(now - i), String(now - i), i === 0)));
    $('#r-period').value = String(now);
  }
  load();
}

function partnerLabel(id) {
  const p = state.reference.partners.find((x) => x.id === id);
  return p ? `${p.id} · ${p.name}` : id;
}

/** The months of the year shown, up to the current month for the current year. */
function months() {
  const today = fmt.todayInParis();
  const last = today.startsWith(year()) ? Number(today.slice(5, 7)) : 12;
  return Array.from({ length: last }, (_, i) => `${year()}-${String(i + 1).padStart(2, '0')}`);
}

export async function load() {
  const ticket = ++loading;
  const p = encodeURIComponent(partner());
  const y = year();
  try {
    const [byMonth, byActivity, coopByActivity, byCode, rates] = await Promise.all([
      api.get(`/api/v1/tonnages?period=${y}&groupBy=month&partner=${p}`),
      api.get(`/api/v1/tonnages?period=${y}&groupBy=activity&partner=${p}`),
      api.get(`/api/v1/tonnages?period=${y}&groupBy=activity`),
      api.get(`/api/v1/tonnages?period=${y}&groupBy=wasteCode&partner=${p}`),
      Promise.all(months().map((m) => api.get(`/api/v1/valorisation?period=${m}`))),
    ]);
    if (ticket !== loading) return; // a later load is under way
    render(byMonth.rows, byActivity.rows, coopByActivity.rows, byCode.rows, rates);
    document.body.dataset.memberLoaded = String(ticket);
  } catch (e) {
    $('#m-share').textContent = t('error.load', { detail: e.message });
  }
}

const sum = (rows) => rows.reduce((a, r) => a + BigInt(r.kg), 0n);

function render(byMonth, byActivity, coopByActivity, byCode, rates) {
  const mine = sum(byActivity);
  const coop = sum(coopByActivity);
  $('#m-partner-total').textContent = fmt.tonnes(mine);
  $('#m-coop-total').textContent = fmt.tonnes(coop);
  $('#m-share').textContent = fmt.share(mine, coop);

  const kgByMonth = new Map(byMonth.map((r) => [r.month, r.kg]));
  fillTable($('#m-months'), months(), (m) => el('tr', { 'data-month': m },
    el('th', { scope: 'row' }, fmt.monthName(m)), el('td', { class: 'num' }, fmt.tonnes(kgByMonth.get(m) ?? 0))));

  const coopKg = new Map(coopByActivity.map((r) => [r.activity, r.kg]));
  const activities = ['COLLECTION', 'TRANSPORT', 'SORTING', 'TREATMENT'].filter((a) => coopKg.has(a));
  const myKg = new Map(byActivity.map((r) => [r.activity, r.kg]));
  fillTable($('#m-activities'), activities, (a) => el('tr', { 'data-activity': a },
    el('th', { scope: 'row' }, t(`activity.${a}`)), el('td', { class: 'num' }, fmt.tonnes(myKg.get(a) ?? 0)),
    el('td', { class: 'num' }, fmt.tonnes(coopKg.get(a))), el('td', { class: 'num' }, fmt.share(myKg.get(a) ?? 0, coopKg.get(a)))));

  fillTable($('#m-codes'), byCode, (r) => el('tr', { 'data-code': r.wasteCode },
    el('th', { scope: 'row' }, r.wasteCode), el('td', { class: 'num' }, fmt.tonnes(r.kg))));

  const headline = rates[0]?.headline || 'global';
  const points = rates.map((r, i) => ({ label: fmt.monthShort(months()[i]), rate: r.headlineRate, trajectory: r.trajectoryRate }));
  const rateName = t(`rates.${headline === 'material' ? 'material' : 'global'}`);
  $('#m-chart-svg').replaceChildren(rateChart(points, {
    title: t('chart.label', { rate: rateName, year: year() }), rate: rateName,
    trajectory: t('col.trajectory'), percent: (r) => fmt.percent(r),
  }));
  fillTable($('#m-rates'), rates, (r) => el('tr', { 'data-month': r.period },
    el('th', { scope: 'row' }, fmt.monthName(r.period)), el('td', { class: 'num' }, fmt.percent(r.materialRate)),
    el('td', { class: 'num' }, fmt.percent(r.globalRate)), el('td', { class: 'num' }, fmt.percent(r.trajectoryRate))));
}

async function downloadReport(button) {
  const status = $('#dl-status');
  const error = $('#err-period');
  const input = $('#r-period');
  error.hidden = true;
  input.removeAttribute('aria-invalid');
  const period = input.value.trim();
  const format = button.dataset.format;
  const p = encodeURIComponent(partner());
  const path = format === 'evidence'
    ? `/api/v1/reports/compensation/evidence?period=${encodeURIComponent(period)}&partner=${p}`
    : `/api/v1/reports/compensation?period=${encodeURIComponent(period)}&partner=${p}&format=${format}`;
  const name = `compensation-${period}-${partner()}.${format === 'evidence' ? 'csv' : format}`;
  status.textContent = t('reports.loading', { name });
  try {
    const file = await api.download(path, name);
    status.textContent = t('reports.done', { name: file.name, size: new Intl.NumberFormat().format(file.size) });
  } catch (e) {
    const periodError = e instanceof api.ApiError && e.errors.find((x) => x.field === 'period');
    if (periodError) {
      error.textContent = periodError.message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    status.textContent = t('reports.failed', { detail: e.message });
  }
}

/** A live event: the ledger moved (a ticket closed, a lot settled): the figures are read again. */
const reload = debounce(() => load(), 400);
export function onEvent(type) {
  if (type === 'figures' || type === 'resync') reload();
}
