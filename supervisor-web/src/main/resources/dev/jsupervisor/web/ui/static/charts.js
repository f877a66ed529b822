// jsupervisor web UI, pictures: CPU and memory sparklines per process (from GET program/stats, which
// samples /proc only while a page asks), and the details dialog of one process with its state
// timeline (GET program/timeline/{name}). Loaded before app.js; shares its global scope (call, el, enc).
'use strict';

const STATS_MS = 5000;
const HISTORY_MS = 6 * 60 * 1000;
const SPARK_W = 64, SPARK_H = 18;

const stats = { last: null, series: new Map(), timer: null, busy: false };   // namespec -> [{t, cpu, rss}]

/** A new inline SVG with one polyline (parsed as HTML: no namespace URL needed). */
function sparkSvg(w, h, cls) {
  const t = document.createElement('template');
  t.innerHTML = '<svg class="spark ' + cls + '" viewBox="0 0 ' + w + ' ' + h + '" width="' + w + '" height="' + h
    + '" preserveAspectRatio="none" aria-hidden="true"><polyline class="area"></polyline><polyline class="line"></polyline></svg>';
  return t.content.firstChild;
}

/**
 * Draws values (with their times) into an SVG made by sparkSvg: the last sample at the right edge,
 * at most HISTORY_MS back at the left (a shorter history fills the width). Returns the top of the
 * scale, or null when there are fewer than two values.
 */
function drawSpark(svg, points, key, w, h, floorMax) {
  const line = svg.lastChild, area = svg.firstChild;
  const vals = points.filter((p) => p[key] !== null && p[key] !== undefined);
  if (vals.length < 2) { line.setAttribute('points', ''); area.setAttribute('points', ''); return null; }
  let max = floorMax;
  for (const p of vals) max = Math.max(max, p[key]);
  const end = vals[vals.length - 1].t, start = Math.max(end - HISTORY_MS, vals[0].t), span = Math.max(1, end - start);
  const x = (t) => ((t - start) / span * w).toFixed(1);
  const y = (v) => (h - 1 - (v / max) * (h - 2)).toFixed(1);
  const pts = vals.map((p) => x(p.t) + ',' + y(p[key])).join(' ');
  line.setAttribute('points', pts);
  area.setAttribute('points', x(vals[0].t) + ',' + h + ' ' + pts + ' ' + x(vals[vals.length - 1].t) + ',' + h);
  return max;
}

function fmtBytes(b) {
  if (b === null || b === undefined) return '';
  if (b < 1048576) return Math.round(b / 1024) + ' KiB';
  if (b < 1073741824) return (b / 1048576).toFixed(b < 10485760 ? 1 : 0) + ' MiB';
  return (b / 1073741824).toFixed(1) + ' GiB';
}

function fmtCpu(c) {
  return c === null || c === undefined ? '' : (c < 10 ? c.toFixed(1) : Math.round(c)) + ' %';
}

function fmtTime(ms) {
  const d = new Date(ms);
  const same = new Date().toDateString() === d.toDateString();
  return (same ? '' : d.toLocaleDateString() + ' ') + d.toLocaleTimeString();
}

function fmtSpan(s) {
  s = Math.max(0, Math.round(s));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

/** The cells a process row shows its CPU and memory in. */
function buildStatCells() {
  const cpu = el('td', 'stat cpu'), mem = el('td', 'stat mem');
  const cpuSvg = sparkSvg(SPARK_W, SPARK_H, 'cpu'), memSvg = sparkSvg(SPARK_W, SPARK_H, 'mem');
  const cpuText = el('span', 'val'), memText = el('span', 'val');
  cpu.append(cpuSvg, cpuText);
  mem.append(memSvg, memText);
  return { cpu, mem, cpuSvg, memSvg, cpuText, memText, drawn: -1 };
}

/** Redraws a row's sparklines from the collected series (nothing for stopped or remote processes). */
function drawRowStats(s, namespec, alive) {
  const series = alive ? (stats.series.get(namespec) || []) : [];
  const last = series.length ? series[series.length - 1] : null;
  const minutes = series.length ? Math.max(1, Math.round((last.t - series[0].t) / 60000)) : 0;
  const stamp = alive && last ? last.t : 0;
  if (s.drawn === stamp) return;
  s.drawn = stamp;
  const cpuMax = drawSpark(s.cpuSvg, series, 'cpu', SPARK_W, SPARK_H, 5);
  const memMax = drawSpark(s.memSvg, series, 'rss', SPARK_W, SPARK_H, 1);
  s.cpu.classList.toggle('none', !last);
  s.mem.classList.toggle('none', !last);
  s.cpuText.textContent = last ? fmtCpu(last.cpu) : '';
  s.memText.textContent = last ? fmtBytes(last.rss) : '';
  const peakCpu = Math.max(0, ...series.map((p) => p.cpu || 0));
  s.cpu.title = last ? 'CPU now ' + (fmtCpu(last.cpu) || 'being measured') + (cpuMax !== null ? ', highest ' + fmtCpu(peakCpu)
    + ' in the last ' + minutes + ' min (100 % = one core)' : '') : '';
  s.mem.title = last ? 'Resident memory now ' + fmtBytes(last.rss) + (memMax !== null ? ', highest ' + fmtBytes(memMax)
    + ' in the last ' + minutes + ' min' : '') : '';
}

/** Fetches the samples taken since the last poll and appends them to the series. */
async function pollStats() {
  if (stats.busy || document.hidden) return;
  stats.busy = true;
  try {
    const reply = await call('GET', 'program/stats' + (stats.last !== null ? '?since=' + stats.last : ''));
    const cut = Date.now() - HISTORY_MS;
    for (const r of reply.rounds) {
      stats.last = r.t;
      for (const [ns, v] of Object.entries(r.p)) {
        let s = stats.series.get(ns);
        if (!s) { s = []; stats.series.set(ns, s); }
        s.push({ t: r.t, pid: v[0], cpu: v[1], rss: v[2] });
      }
    }
    for (const [ns, s] of stats.series) {
      while (s.length && s[0].t < cut) s.shift();
      if (!s.length) stats.series.delete(ns);
    }
    statsUpdated();
  } catch (err) {
    // the charts wait for the next round; the table reports lost contact
  } finally {
    stats.busy = false;
  }
}

function followStats() {
  pollStats();
  stats.timer = setInterval(pollStats, STATS_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) pollStats(); });
}

// ---------------------------------------------------------------- details of one process

const details = { name: null, node: null, seq: 0, cpuSvg: null, memSvg: null };

function openDetails(name, node) {
  details.name = name;
  details.node = node || null;
  $('proc-modal').hidden = false;
  $('proc-title').textContent = node ? node + '/' + name : name;
  if (!details.cpuSvg) {
    details.cpuSvg = sparkSvg(480, 60, 'cpu big');
    details.memSvg = sparkSvg(480, 60, 'mem big');
    $('proc-cpu').replaceChildren(details.cpuSvg);
    $('proc-mem').replaceChildren(details.memSvg);
  }
  $('proc-charts').hidden = !!node;
  drawDetails();
  loadTimeline();
  setDeepLink({ proc: name, node: node || null, log: null, ch: null, mainlog: null });
}

function closeDetails() {
  $('proc-modal').hidden = true;
  details.name = null;
  details.seq++;
  setDeepLink({ proc: null, node: null });
}

function processByName(name, node) {
  return processes.find((p) => p.namespec === name && (node ? p.node === node : !isRemote(p)));
}

/** The facts and charts of the open dialog, from the latest list and samples. */
function drawDetails() {
  if (details.name === null) return;
  const p = processByName(details.name, details.node);
  const facts = $('proc-facts');
  if (!p) { facts.replaceChildren(el('p', 'muted', 'This process is gone (removed by a reload or update).')); return; }
  const badge = $('proc-state');
  badge.textContent = p.statename;
  badge.dataset.state = p.statename;
  const rows = [['State', describeState(p)], ['PID', p.pid ? String(p.pid) : '—'],
    ['Restarts', String(p.restarts || 0) + (p.spawnfailures ? ' (' + p.spawnfailures + ' failed starts)' : '')],
    ['Last exit', lastExit(p) || '—']];
  if (p.spawnerr) rows.push(['Start error', p.spawnerr]);
  if (p.health) rows.push(['Health', p.health]);
  const dl = el('dl', 'facts');
  for (const [k, v] of rows) dl.append(el('dt', '', k), el('dd', '', v));
  facts.replaceChildren(dl);
  if (!details.node) {
    const series = stats.series.get(p.namespec) || [];
    const alive = p.pid > 0;
    const cpuMax = drawSpark(details.cpuSvg, alive ? series : [], 'cpu', 480, 60, 5);
    const memMax = drawSpark(details.memSvg, alive ? series : [], 'rss', 480, 60, 1);
    const last = alive && series.length ? series[series.length - 1] : null;
    const caption = (name, now, top, fmt) => name + (!alive ? ': not running' : now === null || now === undefined ? ': being measured…'
      : ' now ' + fmt(now) + (top !== null ? ' · top of the chart ' + fmt(top) : ' · the chart needs one more sample'));
    $('proc-cpu-label').textContent = caption('CPU', last && last.cpu, cpuMax, fmtCpu);
    $('proc-mem-label').textContent = caption('Memory', last && last.rss, memMax, fmtBytes);
  }
}

function describeState(p) {
  let d = p.description || p.statename;
  if (p.statename === 'EXITED' && p.description) d += ' (exit status ' + p.exitstatus + ')';
  return d;
}

/** "status 1 at 10:02:13" for a process that has exited at least once, else ''. */
function lastExit(p) {
  if (!p.stop || p.stop <= 0) return '';
  return 'status ' + p.exitstatus + ' at ' + fmtTime(p.stop * 1000);
}

async function loadTimeline() {
  const seq = ++details.seq;
  const box = $('proc-timeline');
  if (details.node) {
    box.replaceChildren(el('p', 'muted', 'The timeline is kept for this node\'s processes only.'));
    return;
  }
  try {
    const t = await call('GET', 'program/timeline/' + enc(details.name));
    if (seq !== details.seq) return;
    drawTimeline(box, t);
  } catch (err) {
    if (seq !== details.seq) return;
    box.replaceChildren(el('p', 'muted', describeError(err)));
  }
}

/** A bar of the states over time (one coloured piece per state) and the list of changes, newest first. */
function drawTimeline(box, t) {
  const changes = t.changes;
  if (!changes.length) { box.replaceChildren(el('p', 'muted', 'No state changes since the supervisor started.')); return; }
  const from = changes[0].t, to = Math.max(t.now, from + 1);
  const bar = el('div', 'tl-bar');
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    const end = i + 1 < changes.length ? changes[i + 1].t : to;
    const seg = el('span', 'tl-seg');
    seg.dataset.state = c.to;
    seg.style.left = ((c.t - from) / (to - from) * 100) + '%';
    seg.style.width = Math.max(0.4, (end - c.t) / (to - from) * 100) + '%';
    seg.title = c.to + ' from ' + fmtTime(c.t) + ' for ' + fmtSpan((end - c.t) / 1000);
    bar.append(seg);
  }
  const axis = el('div', 'tl-axis');
  axis.append(el('span', '', fmtTime(from)), el('span', '', 'now'));
  const list = el('ol', 'tl-list');
  for (let i = changes.length - 1; i >= 0 && list.childElementCount < 20; i--) {
    const c = changes[i];
    const li = el('li');
    const b = el('span', 'badge small', c.to);
    b.dataset.state = c.to;
    let why = '';
    if (c.to === 'EXITED') why = c.expected ? 'expected exit' : 'unexpected exit';
    li.append(el('time', '', fmtTime(c.t)), el('span', 'muted', c.from + ' →'), b,
      el('span', 'muted', [why, c.pid ? 'pid ' + c.pid : ''].filter(Boolean).join(' · ')));
    list.append(li);
  }
  box.replaceChildren(bar, axis, list);
}
