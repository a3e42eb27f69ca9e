// Small DOM helpers: elements are built with textContent, never from HTML strings.
export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Fills a table's body with one row per item; shows the table's "empty" note when there is none. */
export function fillTable(table, items, row) {
  const body = table.tBodies[0];
  body.replaceChildren(...items.map(row));
  const empty = table.parentElement.querySelector('.empty');
  if (empty) empty.hidden = items.length > 0;
  table.hidden = items.length === 0 && !!empty;
}

export function option(value, label, selected = false) {
  const o = el('option', { value }, label);
  o.selected = selected;
  return o;
}

/** Runs fn at most once per `ms`, after the last call (live events come in bursts). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
