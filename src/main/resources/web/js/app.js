// Sign-in, navigation between the pages a token may see, the language switch and the live events.
import { $ } from './dom.js';
import * as api from './api.js';
import * as i18n from './i18n.js';
import { connect } from './live.js';
import * as operator from './operator.js';
import * as member from './member.js';

const state = { me: null, reference: null };
const PAGES = { operator, member };
let live = null;
let current = null;

/** The pages of a role: operators run the site, members read their figures, auditors and admins see both. */
function pagesOf(role) {
  if (role === 'operator') return ['operator'];
  if (role === 'member') return ['member'];
  return ['operator', 'member'];
}

function showOnly(id) {
  document.querySelectorAll('main > .page').forEach((p) => { p.hidden = p.id !== id; });
}

function signedOut(message) {
  if (live) live.close();
  live = null;
  api.forget();
  state.me = null;
  current = null;
  $('#nav').hidden = true;
  $('#signout').hidden = true;
  $('#who').textContent = '';
  setLive(null);
  showOnly('page-signin');
  const error = $('#signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  if (message) $('#token').setAttribute('aria-invalid', 'true'); else $('#token').removeAttribute('aria-invalid');
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  $('#token').focus();
}

async function signIn(token) {
  api.setToken(token);
  try {
    state.me = await api.get('/api/v1/me');
    state.reference = await api.get('/api/v1/reference');
  } catch (e) {
    signedOut(e instanceof api.ApiError && e.status === 401 ? i18n.t('signin.refused') : i18n.t('signin.failed'));
    return;
  }
  $('#token').value = '';
  $('#signout').hidden = false;
  $('#who').textContent = `${state.me.name} (${i18n.t(`role.${state.me.role}`)})`;
  const pages = pagesOf(state.me.role);
  $('#nav').hidden = pages.length < 2;
  $('#nav-operator').hidden = !pages.includes('operator');
  $('#nav-member').hidden = !pages.includes('member');
  live = connect(onEvent, setLive);
  route();
}

function setLive(on) {
  const s = $('#live-status');
  s.className = on === null ? 'live' : `live ${on ? 'on' : 'off'}`;
  s.textContent = on === null ? '' : i18n.t(on ? 'live.on' : 'live.off');
  document.body.dataset.live = on ? 'on' : 'off';
}

function onEvent(type, data) {
  if (type === 'unauthorized') {
    signedOut(i18n.t('signin.refused'));
    return;
  }
  if (type === 'resync' && state.me) {
    api.get('/api/v1/reference').then((r) => { state.reference = r; }).catch(() => {});
  }
  if (current) PAGES[current].onEvent(type, data);
}

/** #/operator or #/member, within the pages the token may see. */
function route() {
  if (!state.me) return;
  const pages = pagesOf(state.me.role);
  const wanted = location.hash.replace(/^#\//, '');
  const page = pages.includes(wanted) ? wanted : pages[0];
  if (wanted !== page) history.replaceState(null, '', `#/${page}`);
  const changed = current !== page;
  current = page;
  showOnly(`page-${page}`);
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.id === `nav-${page}`) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  PAGES[page].show();
  if (changed) $('#main').focus();
}

function switchLanguage() {
  i18n.setLang(i18n.lang() === 'fr' ? 'en' : 'fr');
  labelLanguageButton();
  if (state.me) {
    $('#who').textContent = `${state.me.name} (${i18n.t(`role.${state.me.role}`)})`;
    setLive(document.body.dataset.live === 'on');
    PAGES[current].show();
  }
}

function labelLanguageButton() {
  const other = i18n.lang() === 'fr' ? 'en' : 'fr';
  const button = $('#lang');
  button.textContent = i18n.t('lang.other');
  button.lang = other;
  button.setAttribute('aria-label', i18n.t('lang.switch'));
}

function boot() {
  i18n.apply();
  labelLanguageButton();
  operator.init(state);
  member.init(state);
  api.whenUnauthorized(() => signedOut(i18n.t('signin.refused')));
  $('#lang').addEventListener('click', switchLanguage);
  $('#signout').addEventListener('click', () => signedOut(''));
  $('#signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('#token').value.trim();
    if (!value) {
      signedOut(i18n.t('signin.empty'));
      return;
    }
    signIn(value);
  });
  window.addEventListener('hashchange', route);
  if (api.token()) signIn(api.token()); else signedOut('');
}

boot();
