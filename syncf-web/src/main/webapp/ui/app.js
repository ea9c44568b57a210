// SyncF's dashboard: plain ES modules, no build step, nothing loaded from outside the node.
// Everything it shows comes from the event streams (docs/adr/0025); every text goes in through
// textContent, so a file name can hold any character.

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return node;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function bytes(n) {
  if (n == null) return '–';
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) { n /= 1024; unit++; }
  return (unit === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + UNITS[unit];
}

export function duration(seconds) {
  if (seconds == null || !isFinite(seconds)) return '–';
  seconds = Math.round(seconds);
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
}

function eta(summary) {
  const rate = summary.throughput_bytes_per_second;
  return rate > 0 ? duration((summary.total_bytes - summary.copied_bytes) / rate) : null;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : 'not yet';
}

function percent(fraction) {
  return Math.round(fraction * 1000) / 10 + ' %';
}

function bar(fraction, label) {
  const fill = el('div');
  fill.style.width = (fraction * 100) + '%';
  return el('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuenow': Math.round(fraction * 100) }, fill);
}

// One EventSource per view, made again if the browser gives up on it (a 401 or 503 while the
// master restarts): EventSource retries network errors by itself, not answers it cannot use.
function stream(url, handlers) {
  let source;
  let closed = false;
  const live = $('#live');
  const open = () => {
    source = new EventSource(url);
    source.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
    source.onerror = () => {
      live.textContent = 'reconnecting…'; live.className = 'live off';
      if (source.readyState === EventSource.CLOSED && !closed) setTimeout(open, 2000);
    };
    for (const [name, handle] of Object.entries(handlers)) {
      source.addEventListener(name, event => handle(JSON.parse(event.data)));
    }
  };
  open();
  return () => { closed = true; source.close(); };
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { ok: response.ok, status: response.status, json };
}

function actions(job, after) {
  const act = (label, method, path, confirmText, danger) => el('button', {
    class: danger ? 'danger' : '', type: 'button', 'data-action': label.toLowerCase(),
    onclick: async () => {
      if (confirmText && !window.confirm(confirmText)) return;
      const answer = await call(method, path);
      if (!answer.ok) window.alert((answer.json && answer.json.detail) || ('the master answered ' + answer.status));
      if (after) after(answer);
    },
  }, label);
  const base = 'api/jobs/' + job.job_id;
  const buttons = [];
  if (job.status === 'running') buttons.push(act('Pause', 'PUT', base + '/pause'));
  if (job.status === 'paused') buttons.push(act('Resume', 'PUT', base + '/resume'));
  if (job.status !== 'killed') buttons.push(act('Kill', 'DELETE', base, 'Kill this job? Its unfinished copies stop and it never scans again.', true));
  return buttons;
}

// ---- the jobs list -------------------------------------------------------------------------

// Rows are updated in place, and a row's buttons made again only when its job's status changes:
// the list is sent again every second while a job copies, and a button replaced under the
// pointer loses its click.
const jobRows = new Map();

function jobRow(job) {
  const cells = {
    status: el('span', { class: 'status' }),
    link: el('a', { href: '#job/' + job.job_id }),
    bar: bar(0, 'progress of ' + job.source_path),
    percent: el('span', { class: 'quiet' }),
    bytes: el('td'), rate: el('td'), eta: el('td'),
    scan: el('span'), scanError: el('div', { class: 'error' }),
    actions: el('td'),
  };
  const tr = el('tr', { 'data-job': job.job_id },
    el('td', {}, cells.status), el('td', { class: 'paths' }, cells.link), el('td', {}, cells.bar, cells.percent),
    cells.bytes, cells.rate, cells.eta, el('td', {}, cells.scan, cells.scanError), cells.actions);
  return { tr, cells, status: null };
}

function renderJobs(rows) {
  const body = $('#jobs tbody');
  const shown = new Set();
  rows.forEach(({ job, summary }, index) => {
    shown.add(job.job_id);
    let row = jobRows.get(job.job_id);
    if (!row) {
      row = jobRow(job);
      jobRows.set(job.job_id, row);
    }
    const { cells } = row;
    cells.status.textContent = job.status;
    cells.status.className = 'status ' + job.status;
    cells.link.textContent = job.source_path + ' → ' + job.sink_path;
    cells.bar.firstChild.style.width = (summary.progress * 100) + '%';
    cells.bar.setAttribute('aria-valuenow', Math.round(summary.progress * 100));
    cells.percent.textContent = percent(summary.progress);
    cells.bytes.textContent = bytes(summary.copied_bytes) + ' / ' + bytes(summary.total_bytes);
    cells.rate.textContent = summary.throughput_bytes_per_second == null ? '–' : bytes(summary.throughput_bytes_per_second) + '/s';
    cells.eta.textContent = eta(summary) ?? '–';
    cells.scan.textContent = when(job.last_scan_at);
    cells.scanError.textContent = job.last_scan_error || '';
    if (row.status !== job.status) {
      row.status = job.status;
      cells.actions.replaceChildren(...actions(job));
    }
    if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] || null);
  });
  for (const [id, row] of jobRows) {
    if (!shown.has(id)) { row.tr.remove(); jobRows.delete(id); }
  }
  $('#no-jobs').hidden = rows.length > 0;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(p => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
}

// The API's problem names no field, but its detail starts with the one it concerns
// ("sink_path \"..\" is ...", "interval must be ..."): the error goes next to that field.
export function fieldOf(detail, fields) {
  const first = (detail || '').split(/[\s"]/)[0];
  return fields.includes(first) ? first : '';
}

function setUpForm() {
  const form = $('#submit');
  const fields = [...form.elements].map(element => element.name).filter(Boolean);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    $('#submitted').textContent = '';
    const body = Object.fromEntries(fields.map(name => [name, form.elements[name].value.trim()]));
    const answer = await call('POST', 'api/jobs', body);
    if (answer.ok) {
      form.reset();
      $('#submitted').textContent = 'Submitted: job ' + answer.json.job_id;
      return;
    }
    const detail = (answer.json && answer.json.detail) || ('the master answered ' + answer.status);
    const field = fieldOf(detail, fields);
    form.querySelector('.field-error[data-field="' + field + '"]').textContent = detail;
    if (field) form.elements[field].setAttribute('aria-invalid', 'true');
  });
}

// ---- one job ---------------------------------------------------------------------------------

const COUNTERS = [['total_tasks', 'tasks'], ['pending', 'pending'], ['in_progress', 'copying'], ['completed', 'completed'],
  ['failed', 'failed'], ['retrying', 'retrying'], ['skipped', 'skipped'], ['copied_bytes', 'copied'], ['total_bytes', 'to copy']];
const CHART_SECONDS = 300;

function fileItem(task, withBar) {
  const details = [bytes(task.copied_bytes) + ' of ' + bytes(task.file_size)];
  if (task.slave_id) details.push('worker ' + task.slave_id);
  if (task.resumes > 0) details.push('resumed ' + task.resumes + '×, ' + bytes(task.reread_bytes) + ' read again');
  if (task.attempts > 1) details.push('attempt ' + task.attempts);
  return el('li', { 'data-task': task.id },
    el('div', { class: 'name' }, task.file_path || task.source_file),
    withBar ? bar(task.progress, 'copy of ' + (task.file_path || task.source_file)) : '',
    el('div', { class: 'quiet' }, details.join(' · ')),
    task.last_error ? el('div', { class: 'reason' }, task.last_error) : '');
}

const DONE_SHOWN = 10;

function showJob(id) {
  const inFlight = new Map();
  const done = [];
  const points = [];
  let job = null;
  let ended = null;

  const listOf = (selector, tasks, withBar, empty) => {
    $(selector).replaceChildren(...tasks.map(task => fileItem(task, withBar)));
    $(empty).hidden = tasks.length > 0;
  };
  const renderFlight = () => listOf('#in-flight', [...inFlight.values()].sort((a, b) => a.file_path.localeCompare(b.file_path)), true, '#none-in-flight');

  const renderSummary = ({ job: current, summary }) => {
    if (!job || job.status !== current.status) $('#job-actions').replaceChildren(...actions(current));
    job = current;
    // a file can fail or be skipped without ever being in flight (a batch of small files): the
    // counters say so, and the lists are read again
    const counts = summary.failed + '/' + summary.skipped;
    if (ended !== null && ended !== counts) loadEnded();
    ended = counts;
    $('#job-title').textContent = job.source_path + ' → ' + job.sink_path;
    $('#job-meta').textContent = job.status + ' · every ' + job.interval + ' · last scan ' + when(job.last_scan_at)
      + (eta(summary) ? ' · about ' + eta(summary) + ' left' : '');
    $('#job-error').hidden = !job.last_scan_error;
    $('#job-error').textContent = job.last_scan_error || '';
    $('#job-bar').style.width = (summary.progress * 100) + '%';
    $('#job-bar').parentElement.setAttribute('aria-valuenow', Math.round(summary.progress * 100));
    $('#counters').replaceChildren(...COUNTERS.map(([key, label]) => el('div', { 'data-counter': key },
      el('dt', {}, label), el('dd', {}, key.endsWith('bytes') ? bytes(summary[key]) : String(summary[key])))));
    points.push([Date.now(), summary.throughput_bytes_per_second || 0]);
    while (points.length && points[0][0] < Date.now() - CHART_SECONDS * 1000) points.shift();
    const top = Math.max(1, ...points.map(([, rate]) => rate));
    $('#chart-line').setAttribute('points', points.map(([at, rate]) =>
      (600 - (Date.now() - at) / 1000 / CHART_SECONDS * 600).toFixed(1) + ',' + (118 - rate / top * 114).toFixed(1)).join(' '));
    const highest = Math.max(0, ...points.map(([, rate]) => rate));
    $('#chart-scale').textContent = 'now ' + bytes(summary.throughput_bytes_per_second || 0) + '/s · highest ' + bytes(highest) + '/s';
  };

  const loadEnded = async () => {
    for (const [status, selector, empty] of [['failed', '#failed', '#none-failed'], ['skipped', '#skipped', '#none-skipped']]) {
      const answer = await call('GET', 'api/jobs/' + id + '/tracking?status=' + status + '&limit=200');
      if (answer.ok) listOf(selector, answer.json.tasks, false, empty);
    }
  };

  const stop = stream('api/jobs/' + id + '/events', {
    snapshot: picture => {
      inFlight.clear();
      picture.tasks.forEach(task => inFlight.set(task.id, task));
      renderSummary(picture);
      renderFlight();
      loadEnded();
    },
    summary: renderSummary,
    task: task => {
      if (task.status === 'in_progress') {
        inFlight.set(task.id, task);
      } else {
        inFlight.delete(task.id);
        if (task.status === 'completed') {
          done.unshift(task);
          done.splice(DONE_SHOWN);
          listOf('#done', done, true, '#none-done');
        }
        if (task.status === 'failed' || task.status === 'skipped') loadEnded();
      }
      renderFlight();
    },
  });
  return stop;
}

// ---- routing ---------------------------------------------------------------------------------

let leave = () => {};
function route() {
  leave();
  const match = location.hash.match(/^#job\/([0-9a-f-]{36})$/);
  $('#jobs-view').hidden = Boolean(match);
  $('#job-view').hidden = !match;
  leave = match ? showJob(match[1]) : stream('api/jobs/events', { jobs: renderJobs });
}

setUpForm();
window.addEventListener('hashchange', route);
route();
