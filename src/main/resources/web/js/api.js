// Calls to the tracker's API with the bearer token kept in this tab's sessionStorage (never in a URL).
const KEY = 'iloe.token';

export function token() { return sessionStorage.getItem(KEY); }
export function setToken(value) { sessionStorage.setItem(KEY, value); }
export function forget() { sessionStorage.removeItem(KEY); }

/** An answer that is not 2xx: its status and, for application/problem+json, the problem. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The problem's field errors: [{ field, message }]. */
  get errors() { return Array.isArray(this.problem.errors) ? this.problem.errors : []; }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function request(method, path, body, extraHeaders = {}) {
  const headers = { Authorization: `Bearer ${token()}`, ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
  });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) {
    let problem = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      try { problem = await response.json(); } catch { problem = null; }
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function get(path) { return (await request('GET', path)).json(); }

/** POST a JSON body; answers { status, body }. */
export async function post(path, body) {
  const response = await request('POST', path, body);
  return { status: response.status, body: await response.json() };
}

/**
 * Downloads an answer as a file: the request carries the Authorization header, so it goes through fetch, then a
 * Blob and an object URL clicked through a temporary <a download>. Answers the file's name and size.
 */
export async function download(path, fallbackName) {
  const response = await request('GET', path);
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  const name = match ? match[1] : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, size: blob.size };
}
