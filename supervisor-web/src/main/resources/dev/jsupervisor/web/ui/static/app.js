// jsupervisor web UI: plain JavaScript, no framework, nothing loaded from the internet.
// The page reloads /program/list when the live event stream (/supervisor/events, server-sent events)
// says something changed, polls slowly for the uptime column (quickly while the stream is down or
// remote nodes are shown: their events are not streamed), and updates only the table cells that
// changed, so it stays fast with hundreds of processes. Every state-changing request carries
// X-Requested-With (CSRF protection).
// Every request goes to BASE, built from location.origin: a page opened with user:pass@ in its URL
// has a base URL with credentials, and fetch() refuses any URL that carries them.
// The filter, an open log and an open process are kept in the URL's hash (deep links); collapsed
// groups in localStorage. charts.js (loaded first) draws the CPU/memory sparklines and the timeline.
// With a fleet (nodename/remotes in [inet_http_server]) it also polls /supervisor/listNodes, shows a
// card per node, and sends the actions on a remote's processes to the {node} routes.
'use strict';

const POLL_MS = 2000;
const STREAMING_POLL_MS = 10000;
const EVENT_DEBOUNCE_MS = 150;
const INFO_MS = 5000;
const LOG_POLL_MS = 1000;
const LOG_CHUNK = 64 * 1024;
const LOG_MAX_CHARS = 2 * 1024 * 1024;
const BASE = location.origin + location.pathname.replace(/[^/]*$/, '');
/** States in which a process can be stopped (and not started). */
const ACTIVE = new Set(['RUNNING', 'STARTING', 'BACKOFF']);
const PROBLEM = new Set(['FATAL', 'BACKOFF', 'UNKNOWN']);
const COLLAPSED_KEY = 'jsupervisor.collapsed';

/** The one chip a process counts under, so that running + stopped + problems = all. */
function category(p) {
  if (PROBLEM.has(p.statename) || (p.statename === 'EXITED' && p.exitstatus !== 0)) return 'problem';
  if (p.statename === 'RUNNING' || p.statename === 'STARTING' || p.statename === 'STOPPING') return 'running';
  return 'stopped';
}

/** supervisord's fault names in words, for people. */
const FAULT_WORDS = {
  BAD_NAME: 'No such process or group',
  BAD_SIGNAL: 'Unknown signal',
  BAD_ARGUMENTS: 'The request is not valid',
  NO_FILE: 'The program\'s file does not exist',
  NOT_EXECUTABLE: 'The program\'s file cannot be executed',
  FAILED: 'It failed',
  ABNORMAL_TERMINATION: 'It exited while it was being started',
  SPAWN_ERROR: 'It could not be started',
  ALREADY_STARTED: 'It is already running',
  NOT_RUNNING: 'It is not running',
  ALREADY_ADDED: 'It is already there',
  STILL_RUNNING: 'It is still running',
  SHUTDOWN_STATE: 'The supervisor is shutting down',
  CSRF: 'The request was refused as cross-site',
};

/** "It could not be started: broken" for {fault: SPAWN_ERROR, message: "SPAWN_ERROR: broken"}. */
function inWords(fault, message) {
  const words = FAULT_WORDS[fault];
  if (!words) return message || fault || 'failed';
  let detail = message || '';
  if (detail.startsWith(fault)) detail = detail.slice(fault.length).replace(/^:\s*/, '');
  return words + (detail ? ': ' + detail : '');
}

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
const enc = encodeURIComponent;

// ---------------------------------------------------------------- server calls

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || ('HTTP ' + status));
    this.status = status;
    this.body = body || {};
  }
}

async function call(method, url) {
  const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') opts.headers['X-Requested-With'] = 'jsupervisor-ui';
  let res;
  try {
    res = await fetch(BASE + url, opts);
  } catch (e) {
    throw new ApiError(0, { message: 'cannot reach the supervisor (' + e.message + ')' });
  }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { message: text.slice(0, 300) }; }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/** A human text for a failed request: the fault, its message and the process's spawnerr. */
function describeError(err) {
  const b = err.body || {};
  let text = inWords(b.fault, b.message || err.message);
  if (b.spawnerr && !text.includes(b.spawnerr)) text += '\n' + b.spawnerr;
  return text;
}

/** Describes the failed members of a group/all reply, or returns null when all succeeded. */
function describeResults(reply) {
  if (!reply || !Array.isArray(reply.results)) return null;
  const bad = reply.results.filter((r) => !r.success);
  if (bad.length === 0) return null;
  const lines = bad.slice(0, 8).map((r) => inWords(r.fault, r.message) + (r.spawnerr ? ' (' + r.spawnerr + ')' : ''));
  if (bad.length > 8) lines.push('… and ' + (bad.length - 8) + ' more');
  return lines.join('\n');
}

// ---------------------------------------------------------------- toasts and confirmation

function toast(text, isError) {
  const t = el('div', 'toast' + (isError ? ' error' : ''));
  t.setAttribute('role', isError ? 'alert' : 'status');
  t.append(el('span', 'msg', text));
  const close = el('button', '', '✕');
  close.setAttribute('aria-label', 'Dismiss');
  close.onclick = () => t.remove();
  t.append(close);
  $('toasts').append(t);
  setTimeout(() => t.remove(), isError ? 15000 : 3500);
}

function confirmAction(text, okLabel, isPlan) {
  const dlg = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-text').classList.toggle('plan', !!isPlan);
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    const done = (v) => { dlg.close(); $('confirm-ok').onclick = null; $('confirm-cancel').onclick = null; resolve(v); };
    $('confirm-ok').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
    dlg.oncancel = () => resolve(false);
    dlg.showModal();
    $('confirm-cancel').focus();
  });
}

/** Runs a state-changing request with the button busy, reports failures, then refreshes. */
async function act(button, method, url, okText) {
  if (button) { button.disabled = true; button.classList.add('busy'); }
  try {
    const reply = await call(method, url);
    const partial = describeResults(reply);
    if (partial) toast(partial, true);
    else if (okText) toast(okText, false);
    return reply;
  } catch (err) {
    if (err.status === 401) { location.reload(); return null; }
    toast(describeError(err), true);
    return null;
  } finally {
    if (button) { button.disabled = false; button.classList.remove('busy'); }
    refresh();
  }
}

// ---------------------------------------------------------------- the fleet

const remoteNodes = new Set();   // names of the remote nodes (listNodes entries with local=false)

function isRemote(p) { return remoteNodes.has(p.node); }
/** 'program/<verb>/' for a local process, 'program/<verb>/<node>/' for a remote one. */
function route(verb, node) { return 'program/' + verb + '/' + (node ? enc(node) + '/' : ''); }
function rowKey(p) { return isRemote(p) ? p.node + '/' + p.namespec : p.namespec; }

async function refreshNodes() {
  let nodes;
  try {
    nodes = await call('GET', 'supervisor/listNodes');
  } catch (err) {
    return;
  }
  const hadRemotes = remoteNodes.size > 0;
  remoteNodes.clear();
  for (const n of nodes) if (!n.local) remoteNodes.add(n.name);
  if (streaming && hadRemotes !== remoteNodes.size > 0) schedule(remoteNodes.size ? POLL_MS : STREAMING_POLL_MS);
  const box = $('nodes');
  box.hidden = nodes.length < 2;
  if (box.hidden) return;
  const frag = document.createDocumentFragment();
  for (const n of nodes) {
    const card = el('div', 'node');
    card.dataset.node = n.name;
    card.dataset.status = n.status;
    const head = el('div', 'node-head');
    head.append(el('span', 'dot'), el('strong', '', n.name), el('span', 'node-status', n.status));
    card.append(head);
    if (n.status === 'ONLINE') {
      const gib = (b) => (b / 1073741824).toFixed(1);
      card.append(el('div', 'node-meta', 'CPU ' + n.cpu_percent + ' % · memory ' + gib(n.mem_used) + ' of '
        + gib(n.mem_total) + ' GiB' + (n.statename && n.statename !== 'RUNNING' ? ' · ' + n.statename : '')));
    } else {
      const why = el('div', 'node-meta err', n.error || 'no answer');
      card.append(why);
    }
    if (!n.local) {
      const acts = el('div', 'node-actions');
      const nodePath = 'supervisor/' + enc(n.name) + '/';
      acts.append(
        actionButton('Reload', 'Reload the supervisor of ' + n.name, async (e) => {
          const b = e.currentTarget;
          if (await confirmAction('Reload ' + n.name + ': stop its processes, read its configuration again and start them?', 'Reload')) {
            act(b, 'POST', nodePath + 'reload', 'Reloading ' + n.name + '…');
          }
        }),
        actionButton('Shut down', 'Shut down the supervisor of ' + n.name, async (e) => {
          const b = e.currentTarget;
          if (await confirmAction('Shut down ' + n.name + ': stop its processes and end its supervisor?', 'Shut down')) {
            act(b, 'POST', nodePath + 'shutdown', 'Shutting down ' + n.name + '…');
          }
        }));
      acts.lastChild.classList.add('danger');
      card.append(acts);
    }
    frag.append(card);
  }
  box.replaceChildren(frag);
}

// ---------------------------------------------------------------- the process table

const rows = new Map();        // namespec -> {tr, cells, last}
const groupRows = new Map();   // group -> {tr, summary}
const collapsed = loadCollapsed();
let structureKey = '';
let processes = [];
let stateFilter = 'all';
let textFilter = '';

function loadCollapsed() {
  try {
    const v = JSON.parse(localStorage.getItem(COLLAPSED_KEY) || '[]');
    return new Set(Array.isArray(v) ? v : []);
  } catch (e) {
    return new Set();
  }
}

function saveCollapsed() {
  try { localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...collapsed])); } catch (e) { /* private mode: not kept */ }
}

function actionButton(label, title, onClick) {
  const b = el('button', '', label);
  b.title = title;
  b.onclick = onClick;
  return b;
}

function buildProcessRow(p, grouped) {
  const tr = el('tr', 'proc' + (grouped ? ' grouped' : ''));
  tr.dataset.name = p.namespec;
  const node = isRemote(p) ? p.node : null;
  if (node) tr.dataset.node = node;
  const badge = el('span', 'badge');
  const tdState = el('td'); tdState.append(badge);
  const tdName = el('td', 'name');
  if (node) tdName.append(el('span', 'node-tag', node));
  if (p.group !== p.name) tdName.append(el('span', 'grp', p.group + ':'));
  const nm = el('a', 'nm', p.name);
  nm.href = '#proc=' + enc(p.namespec);
  nm.title = 'Details, charts and state timeline of ' + p.namespec;
  nm.onclick = (e) => { e.preventDefault(); openDetails(p.namespec, node); };
  tdName.append(nm);
  const tdPid = el('td', 'pid');
  const tdDesc = el('td', 'desc');
  const descText = el('span', 'text');
  const histText = el('span', 'history');
  tdDesc.append(descText, histText);
  const st = buildStatCells();
  const tdAct = el('td', 'actions');
  const base = enc(p.namespec);
  const start = actionButton('Start', 'Start ' + p.namespec, (e) => act(e.currentTarget, 'POST', route('start', node) + base));
  const stop = actionButton('Stop', 'Stop ' + p.namespec, (e) => act(e.currentTarget, 'POST', route('stop', node) + base));
  const restart = actionButton('Restart', 'Stop, then start ' + p.namespec, (e) => act(e.currentTarget, 'POST', route('restart', node) + base));
  const log = actionButton('Log', 'Show the output of ' + p.namespec, () => openLog(p.namespec, node));
  const clear = actionButton('Clear', 'Clear the logs of ' + p.namespec, async (e) => {
    const b = e.currentTarget;
    if (await confirmAction('Clear the stdout and stderr logs of ' + p.namespec + '? Their content is lost.', 'Clear logs')) {
      act(b, 'POST', route('clearlog', node) + base, 'Cleared the logs of ' + p.namespec);
    }
  });
  start.dataset.act = 'start'; stop.dataset.act = 'stop'; restart.dataset.act = 'restart';
  tdAct.append(start, stop, restart, log, clear);
  tr.append(tdState, tdName, tdPid, st.cpu, st.mem, tdDesc, tdAct);
  return { tr, badge, tdPid, tdDesc, descText, histText, st, start, stop, group: p.group, last: {} };
}

function groupKey(p) { return isRemote(p) ? p.node + '/' + p.group : p.group; }

/** A group's row; {@code key} is what collapsing remembers (node/group for a remote group). */
function buildGroupRow(key, group, count, node) {
  const tr = el('tr', 'group');
  const td = el('td');
  td.colSpan = 6;
  const toggle = el('button', 'toggle', collapsed.has(key) ? '▶' : '▼');
  toggle.title = 'Show or hide the processes of ' + group;
  toggle.onclick = () => {
    if (collapsed.has(key)) collapsed.delete(key); else collapsed.add(key);
    saveCollapsed();
    toggle.textContent = collapsed.has(key) ? '▶' : '▼';
    applyFilter();
  };
  toggle.setAttribute('aria-expanded', String(!collapsed.has(key)));
  const summary = el('span', 'summary');
  const problems = el('span', 'problems');
  const label = node ? node + '/' + group : group;
  td.append(toggle, el('span', '', label), summary, problems);
  const tdAct = el('td', 'actions');
  const spec = enc(group + ':*');
  tdAct.append(
    actionButton('Start', 'Start every process of ' + label, (e) => act(e.currentTarget, 'POST', route('start', node) + spec)),
    actionButton('Stop', 'Stop every process of ' + label, (e) => act(e.currentTarget, 'POST', route('stop', node) + spec)),
    actionButton('Restart', 'Stop, then start every process of ' + label, (e) => act(e.currentTarget, 'POST', route('restart', node) + spec)));
  tr.append(td, tdAct);
  tr.dataset.group = group;
  if (node) tr.dataset.node = node;
  return { tr, summary, problems, count };
}

/** Rebuilds the rows when the set of processes changed (start-up, reload); otherwise only updates. */
function render(list) {
  processes = list;
  const key = list.map(rowKey).join('\n');
  if (key !== structureKey) {
    structureKey = key;
    rows.clear();
    groupRows.clear();
    const counts = new Map();
    for (const p of list) counts.set(groupKey(p), (counts.get(groupKey(p)) || 0) + 1);
    const frag = document.createDocumentFragment();
    for (const p of list) {
      const gk = groupKey(p);
      const grouped = counts.get(gk) > 1 || p.group !== p.name;
      if (grouped && !groupRows.has(gk)) {
        const g = buildGroupRow(gk, p.group, counts.get(gk), isRemote(p) ? p.node : null);
        groupRows.set(gk, g);
        frag.append(g.tr);
      }
      const r = buildProcessRow(p, grouped);
      rows.set(rowKey(p), r);
      frag.append(r.tr);
    }
    $('rows').replaceChildren(frag);
  }
  const running = new Map();
  const problems = new Map();
  for (const p of list) {
    update(rows.get(rowKey(p)), p);
    const c = category(p);
    const m = c === 'running' ? running : c === 'problem' ? problems : null;
    if (m) m.set(groupKey(p), (m.get(groupKey(p)) || 0) + 1);
  }
  for (const [group, g] of groupRows) {
    const text = (running.get(group) || 0) + ' of ' + g.count + ' running';
    if (g.summary.textContent !== text) g.summary.textContent = text;
    const n = problems.get(group) || 0;
    const ptext = n ? n + (n === 1 ? ' problem' : ' problems') : '';
    if (g.problems.textContent !== ptext) g.problems.textContent = ptext;
  }
  drawDetails();
  $('empty').hidden = list.length > 0;
  applyFilter();
}

function update(r, p) {
  const last = r.last;
  if (last.state !== p.statename) {
    r.badge.textContent = p.statename;
    r.badge.dataset.state = p.statename;
    r.tr.dataset.state = p.statename;
    r.start.disabled = ACTIVE.has(p.statename) || p.statename === 'STOPPING';
    r.stop.disabled = !(ACTIVE.has(p.statename));
    last.state = p.statename;
  }
  const pid = p.pid ? String(p.pid) : '';
  if (last.pid !== pid) { r.tdPid.textContent = pid; last.pid = pid; }
  let desc = p.description;
  if (p.statename === 'EXITED' && desc) desc += ' (exit status ' + p.exitstatus + ')';
  if (last.desc !== desc) {
    r.descText.textContent = desc;
    r.tdDesc.classList.toggle('err', PROBLEM.has(p.statename));
    last.desc = desc;
  }
  // restarts and the last exit, for a process that is up again (a stopped one says it in desc)
  const again = p.pid > 0 && (p.restarts > 0 || p.stop > 0);
  const hist = again ? [p.restarts ? '↻ ' + p.restarts : '', lastExit(p) ? 'last exit ' + lastExit(p) : ''].filter(Boolean).join(' · ') : '';
  if (last.hist !== hist) {
    r.histText.textContent = hist;
    r.histText.title = again ? 'restarted ' + p.restarts + ' times; the last exit: ' + (lastExit(p) || 'none') : '';
    last.hist = hist;
  }
  if (!isRemote(p)) drawRowStats(r.st, p.namespec, p.pid > 0);
}

/** Called by charts.js when new CPU/memory samples arrived. */
function statsUpdated() {
  for (const p of processes) {
    if (!isRemote(p)) drawRowStats(rows.get(rowKey(p)).st, p.namespec, p.pid > 0);
  }
  drawDetails();
}

function matches(p) {
  if (textFilter && !(isRemote(p) ? p.node + '/' + p.namespec : p.namespec).toLowerCase().includes(textFilter)) return false;
  return stateFilter === 'all' || category(p) === stateFilter;
}

function applyFilter() {
  const visibleGroups = new Set();
  const counts = { all: 0, running: 0, stopped: 0, problem: 0 };
  for (const p of processes) {
    counts.all++;
    counts[category(p)]++;
    const r = rows.get(rowKey(p));
    const show = matches(p);
    if (show) visibleGroups.add(groupKey(p));
    const display = show && !collapsed.has(groupKey(p)) ? '' : 'none';
    if (r.tr.style.display !== display) r.tr.style.display = display;
  }
  for (const [group, g] of groupRows) {
    const display = visibleGroups.has(group) ? '' : 'none';
    if (g.tr.style.display !== display) g.tr.style.display = display;
  }
  for (const k of Object.keys(counts)) $('n-' + k).textContent = counts[k];
}

// ---------------------------------------------------------------- polling

let pollTimer = null;
let streaming = false; // the event stream is open
let polling = false;

async function refresh() {
  if (polling) return;
  polling = true;
  try {
    render(await call('GET', 'program/list'));
    $('offline').hidden = true;
  } catch (err) {
    if (err.status === 401) { location.reload(); return; }
    $('offline').hidden = false;
    $('offline').textContent = 'Lost contact with the supervisor (' + describeError(err) + ') — retrying…';
  } finally {
    polling = false;
  }
}

async function refreshInfo() {
  try {
    const info = await call('GET', 'supervisor/info');
    $('ident').textContent = info.identification;
    $('meta').textContent = 'jsupervisor ' + info.version + ' · ' + info.node + ' · pid ' + info.pid
      + ' · ' + info.processes + ' processes in ' + info.groups + ' groups';
    $('sup-state').textContent = info.statename;
    $('sup-state').dataset.state = info.statename;
    document.title = info.identification + ' — jsupervisor';
    $('main-log').disabled = !info.mainLog;
  } catch (err) {
    $('sup-state').textContent = 'OFFLINE';
    $('sup-state').dataset.state = 'SHUTDOWN';
  }
}

function schedule(ms = POLL_MS) {
  clearInterval(pollTimer);
  pollTimer = setInterval(() => { if (!document.hidden) refresh(); }, ms);
}

/** Follows /supervisor/events: a change refreshes the table at once; while it is open, polling slows down. */
function followEvents() {
  if (typeof EventSource === 'undefined') return;
  let pending = null;
  const changed = () => {
    if (pending) return;
    pending = setTimeout(() => { pending = null; if (!document.hidden) refresh(); }, EVENT_DEBOUNCE_MS);
  };
  const stream = new EventSource(BASE + 'supervisor/events');
  stream.addEventListener('hello', () => {
    streaming = true;
    schedule(remoteNodes.size ? POLL_MS : STREAMING_POLL_MS);
    refresh();
    refreshInfo();
  });
  stream.onmessage = changed;
  for (const name of ['PROCESS_GROUP_ADDED', 'PROCESS_GROUP_REMOVED', 'SUPERVISOR_STATE_CHANGE']) {
    stream.addEventListener(name, () => { changed(); refreshInfo(); });
  }
  stream.addEventListener('PROCESS_LIVENESS_FAILED', (e) => {
    changed();
    try {
      const d = JSON.parse(e.data);
      toast(d.namespec + ': ' + d.message, true);
    } catch (err) { /* not JSON: the table still refreshes */ }
  });
  for (const state of ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL', 'UNKNOWN']) {
    stream.addEventListener('PROCESS_STATE_' + state, (e) => {
      changed();
      try {
        if (details.name !== null && !details.node && JSON.parse(e.data).namespec === details.name) loadTimeline();
      } catch (err) { /* not JSON: the table still refreshes */ }
    });
  }
  stream.onerror = () => { streaming = false; schedule(POLL_MS); }; // the browser reconnects by itself
}

// ---------------------------------------------------------------- log viewer

const logView = { base: null, name: null, node: null, channel: 'stdout', start: 0, end: 0, timer: null, busy: false, seq: 0 };

function logUrls() {
  if (logView.name === null) return { tail: 'supervisor/log/tail', read: 'supervisor/log/read', whole: null };
  const b = enc(logView.name) + '/' + logView.channel;
  return { tail: route('tail', logView.node) + b, read: route('read', logView.node) + b, whole: route('log', logView.node) + b };
}

function openLog(name, node) {
  logView.name = name;
  logView.node = node || null;
  logView.channel = 'stdout';
  $('log-title').textContent = name === null ? 'Supervisor log' : (node ? node + '/' + name : name);
  $('log-tabs').hidden = name === null;
  $('log-clear').hidden = name === null;
  $('log-download').hidden = name === null;
  $('log-modal').hidden = false;
  setDeepLink(name === null ? { mainlog: '1', log: null, ch: null, node: null, proc: null }
    : { log: name, node: node || null, ch: null, mainlog: null, proc: null });
  loadLog();
}

function closeLog() {
  $('log-modal').hidden = true;
  setDeepLink({ log: null, ch: null, mainlog: null, node: null });
  clearTimeout(logView.timer);
  logView.seq++;
}

function setLogInfo() {
  const kb = (n) => n < 1024 ? n + ' B' : (n / 1024).toFixed(n < 10240 ? 1 : 0) + ' KiB';
  $('log-info').textContent = 'showing ' + kb(logView.end - logView.start) + ' of ' + kb(logView.size || logView.end)
    + (logView.start > 0 ? '' : ' (from the start)');
  $('log-earlier').disabled = logView.start <= 0;
}

function marker(text) {
  return el('span', 'marker', '— ' + text + ' —');
}

async function loadLog() {
  const seq = ++logView.seq;
  clearTimeout(logView.timer);
  for (const t of document.querySelectorAll('#log-tabs .tab')) t.classList.toggle('on', t.dataset.channel === logView.channel);
  const urls = logUrls();
  if (urls.whole) $('log-download').href = BASE + urls.whole;
  if (logView.name !== null) setDeepLink({ ch: logView.channel === 'stdout' ? null : logView.channel });
  const pre = $('log-text');
  pre.textContent = 'loading…';
  try {
    const w = await call('GET', urls.tail + '?length=' + LOG_CHUNK);
    if (seq !== logView.seq) return;
    logView.start = w.start; logView.end = w.offset; logView.size = w.size;
    pre.textContent = w.text;
    if (!w.text) pre.append(marker('the log is empty'));
    pre.scrollTop = pre.scrollHeight;
    setLogInfo();
  } catch (err) {
    if (seq !== logView.seq) return;
    pre.textContent = '';
    pre.append(marker(describeError(err)));
  }
  followLog(seq);
}

function followLog(seq) {
  logView.timer = setTimeout(async () => {
    if (seq !== logView.seq) return;
    if ($('log-follow').checked && !document.hidden) await pollLog(seq);
    if (seq === logView.seq) followLog(seq);
  }, LOG_POLL_MS);
}

async function pollLog(seq) {
  const pre = $('log-text');
  try {
    const w = await call('GET', logUrls().tail + '?offset=' + logView.end + '&length=' + LOG_CHUNK);
    if (seq !== logView.seq) return;
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 40;
    if (w.reset || w.overflow) {
      pre.textContent = '';
      pre.append(marker(w.reset ? 'the log was cleared or rotated' : 'skipped ' + (w.start - logView.end) + ' bytes of fast output'));
      pre.append(document.createTextNode(w.text));
      logView.start = w.start;
    } else if (w.text) {
      pre.append(document.createTextNode(w.text));
      trimLog(pre);
    }
    logView.end = w.offset; logView.size = w.size;
    if (atBottom) pre.scrollTop = pre.scrollHeight;
    setLogInfo();
  } catch (err) {
    if (seq === logView.seq && err.status === 404) {
      pre.append(marker(describeError(err)));
      logView.seq++;   // stop following a log that is gone
    }
  }
}

/** Keeps the page light: drops the oldest text beyond LOG_MAX_CHARS ("Load earlier" brings it back). */
function trimLog(pre) {
  let total = pre.textContent.length;
  while (total > LOG_MAX_CHARS && pre.firstChild) {
    const node = pre.firstChild;
    const len = node.textContent.length;
    if (node.nodeType === Node.TEXT_NODE && len > total - LOG_MAX_CHARS) {
      const cut = total - LOG_MAX_CHARS;
      logView.start += new TextEncoder().encode(node.textContent.slice(0, cut)).length;
      node.textContent = node.textContent.slice(cut);
      break;
    }
    if (node.nodeType === Node.TEXT_NODE) logView.start += new TextEncoder().encode(node.textContent).length;
    node.remove();
    total -= len;
  }
}

async function loadEarlier(button) {
  if (logView.start <= 0) return;
  const seq = logView.seq;
  button.disabled = true;
  try {
    const w = await call('GET', logUrls().read + '?end=' + logView.start + '&length=' + LOG_CHUNK);
    if (seq !== logView.seq) return;
    const pre = $('log-text');
    const fromBottom = pre.scrollHeight - pre.scrollTop;
    pre.insertBefore(document.createTextNode(w.text), pre.firstChild);
    logView.start = w.start;
    pre.scrollTop = pre.scrollHeight - fromBottom;
  } catch (err) {
    toast(describeError(err), true);
  } finally {
    setLogInfo();
  }
}

// ---------------------------------------------------------------- update (restart only what changed)

/** The plan of GET supervisor/update/plan as text, as supervisorctl update --dry-run prints it. */
function describePlan(plan) {
  const ns = (group, name) => (group === name ? name : group + ':' + name);
  const list = (names) => (names.length ? names.join(' ') : '(none)');
  const lines = ['update_grain = ' + plan.grain, 'added:     ' + list(plan.added), 'removed:   ' + list(plan.removed)];
  if (!plan.changed.length) lines.push('changed:   (none)');
  for (const c of plan.changed) {
    lines.push('changed:   ' + c.group + (c.whole ? ' (whole group: ' + c.whole + ')' : ''));
    for (const r of c.restarted) {
      lines.push('  restart   ' + ns(c.group, r.name) + (r.keys.length ? ' (' + r.keys.join(', ') + ' changed)' : ' (with its group)'));
    }
    for (const n of c.added) lines.push('  add       ' + ns(c.group, n));
    for (const n of c.removed) lines.push('  remove    ' + ns(c.group, n));
    for (const n of c.unchanged) lines.push('  keep      ' + ns(c.group, n));
  }
  lines.push('unchanged: ' + list(plan.unchanged));
  return lines.join('\n');
}

/** Shows the plan of an update; applies it if confirmed. */
async function updateWithPlan(button) {
  let plan;
  try {
    plan = await call('GET', 'supervisor/update/plan');
  } catch (err) {
    if (err.status === 401) { location.reload(); return; }
    toast(describeError(err), true);
    return;
  }
  if (!plan.added.length && !plan.removed.length && !plan.changed.length) {
    toast('The configuration has not changed: nothing to update', false);
    return;
  }
  if (await confirmAction('Update: the configuration is read again and only this changes.\n\n' + describePlan(plan), 'Update', true)) {
    act(button, 'POST', 'supervisor/update', 'Updated');
  }
}

// ---------------------------------------------------------------- wiring

function wire() {
  for (const b of document.querySelectorAll('[data-all]')) {
    const what = b.dataset.all;
    b.onclick = async () => {
      const ask = {
        stop: ['Stop every running process?', 'Stop all'],
        restart: ['Stop every process, then start them all?', 'Restart all'],
        clearlog: ['Clear the stdout and stderr logs of every process? Their content is lost.', 'Clear all logs'],
      }[what];
      if (ask && !(await confirmAction(ask[0], ask[1]))) return;
      act(b, 'POST', 'program/' + what + 'All', what === 'clearlog' ? 'Cleared every log' : null);
    };
  }
  $('reload').onclick = async () => {
    if (await confirmAction('Reload: stop every process, read the configuration again and start the processes. Continue?', 'Reload')) {
      act($('reload'), 'POST', 'supervisor/reload', 'Reloading…');
    }
  };
  $('update').onclick = (e) => updateWithPlan(e.currentTarget);
  $('shutdown').onclick = async () => {
    if (await confirmAction('Shut down: stop every process and end the supervisor. This page will then lose contact. Continue?', 'Shut down')) {
      act($('shutdown'), 'POST', 'supervisor/shutdown', 'Shutting down…');
    }
  };
  $('main-log').onclick = () => openLog(null);
  for (const c of document.querySelectorAll('#chips .chip')) {
    c.onclick = () => {
      stateFilter = c.dataset.filter;
      showChip(c.dataset.filter);
      setDeepLink({ show: stateFilter === 'all' ? null : stateFilter });
    };
  }
  $('filter').oninput = (e) => {
    textFilter = e.target.value.trim().toLowerCase();
    applyFilter();
    setDeepLink({ q: e.target.value.trim() || null });
  };
  for (const t of document.querySelectorAll('#log-tabs .tab')) {
    t.onclick = () => { logView.channel = t.dataset.channel; loadLog(); };
  }
  $('log-close').onclick = closeLog;
  $('log-modal').onclick = (e) => { if (e.target === $('log-modal')) closeLog(); };
  $('log-earlier').onclick = (e) => loadEarlier(e.currentTarget);
  $('log-clear').onclick = async (e) => {
    const b = e.currentTarget;
    if (!(await confirmAction('Clear the stdout and stderr logs of ' + logView.name + '? Their content is lost.', 'Clear logs'))) return;
    await act(b, 'POST', route('clearlog', logView.node) + enc(logView.name), 'Cleared the logs of ' + logView.name);
    loadLog();
  };
  $('proc-close').onclick = closeDetails;
  $('proc-modal').onclick = (e) => { if (e.target === $('proc-modal')) closeDetails(); };
  $('proc-log').onclick = () => { const n = details.name, node = details.node; closeDetails(); openLog(n, node); };
  window.addEventListener('hashchange', () => { if (!settingLink) applyDeepLink(); });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('log-modal').hidden) closeLog();
    else if (e.key === 'Escape' && !$('proc-modal').hidden) closeDetails();
    if (e.key === '/' && document.activeElement !== $('filter') && $('log-modal').hidden && $('proc-modal').hidden) { e.preventDefault(); $('filter').focus(); }
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
}

// ---------------------------------------------------------------- deep links (#q=web&show=problem&log=web:api&ch=stderr)

let settingLink = false;

function showChip(filter) {
  stateFilter = ['all', 'running', 'stopped', 'problem'].includes(filter) ? filter : 'all';
  for (const o of document.querySelectorAll('#chips .chip')) o.classList.toggle('on', o.dataset.filter === stateFilter);
  applyFilter();
}

/** Merges {@code patch} into the hash (null removes a key), without a new history entry. */
function setDeepLink(patch) {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of Object.entries(patch)) { if (v === null || v === undefined) params.delete(k); else params.set(k, v); }
  const hash = params.toString();
  if (hash === location.hash.slice(1)) return;
  settingLink = true;
  history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  settingLink = false;
}

/** Applies the hash: filter text, chip, an open log (of a process or the main log) or process. */
function applyDeepLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const q = params.get('q') || '';
  $('filter').value = q;
  textFilter = q.trim().toLowerCase();
  showChip(params.get('show') || 'all');
  const log = params.get('log'), proc = params.get('proc');
  if (!log && !params.get('mainlog') && !$('log-modal').hidden) closeLog();
  if (!proc && !$('proc-modal').hidden) closeDetails();
  if (params.get('mainlog')) { openLog(null); return; }
  if (log) {
    openLog(log, params.get('node'));
    if (params.get('ch') === 'stderr') { logView.channel = 'stderr'; loadLog(); }
    return;
  }
  if (proc) openDetails(proc, params.get('node'));
}

wire();
refreshNodes().finally(() => refresh().finally(applyDeepLink));
refreshInfo();
schedule();
followEvents();
followStats();
setInterval(() => { if (!document.hidden) { refreshInfo(); refreshNodes(); } }, INFO_MS);
