// Numbers and dates for people. Masses arrive as integer kilograms and are shown in tonnes with three decimals,
// split with integer arithmetic (BigInt): no floating point touches a mass.
import { locale } from './i18n.js';

function decimalSeparator() {
  return new Intl.NumberFormat(locale()).formatToParts(1.5).find((p) => p.type === 'decimal').value;
}

/** 18460 → "18,460 t" (fr-FR) or "18.460 t" (en-GB); 1234567 → "1 234,567 t". */
export function tonnes(kg) {
  if (kg === null || kg === undefined) return '—';
  const big = BigInt(kg);
  const negative = big < 0n;
  const abs = negative ? -big : big;
  const whole = new Intl.NumberFormat(locale()).format(abs / 1000n);
  const frac = (abs % 1000n).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${whole}${decimalSeparator()}${frac}\u00a0t`;
}

/** Whole kilograms, grouped: 18460 → "18 460 kg". */
export function kilograms(kg) {
  if (kg === null || kg === undefined) return '—';
  return `${new Intl.NumberFormat(locale()).format(BigInt(kg))}\u00a0kg`;
}

/** A ratio 0-1 (as the API gives it) as a percentage with one decimal; null → "—". */
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
    .format(Number(ratio));
}

/** part / whole of two integer masses as a percentage with one decimal (rounded half up, in integers). */
export function share(part, whole) {
  if (!whole) return '—';
  const p = BigInt(part);
  const w = BigInt(whole);
  const tenths = (p * 2000n + w) / (2n * w); // tenths of a percent
  const s = `${new Intl.NumberFormat(locale()).format(tenths / 10n)}${decimalSeparator()}${tenths % 10n}`;
  return locale() === 'fr-FR' ? `${s}\u00a0%` : `${s}%`;
}

export function dateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' })
    .format(new Date(iso));
}

export function time(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function date(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

export function monthName(yyyyMm) {
  const [y, m] = yyyyMm.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, 15)));
}

export function monthShort(yyyyMm) {
  const [y, m] = yyyyMm.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** Today's date in Europe/Paris, YYYY-MM-DD (the tracker's periods are days in Paris). */
export function todayInParis() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}
