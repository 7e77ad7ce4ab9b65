// The live lesson: connects to the hub, and draws the newest snapshot on the next animation frame. Only the newest
// waiting snapshot is kept, so a busy or background tab (no frames) never builds up work.
import { createApi } from './api.js';
import { connect } from './connection.js';
import { decodeSnapshot, describeNetwork, traceWeights, weightsBefore } from './snapshot.js';
import { scaleFor } from './scale.js';
import { createDiagram } from './diagram.js';
import { createLegend } from './legend.js';
import { createBlameList, topBlame } from './blame.js';
import { createLedger } from './ledger.js';
import { createBoundary } from './boundary.js';
import { createLossChart } from './chart.js';
import { createWeightsTable } from './table.js';
import { createPoke } from './poke.js';
import { createAnnouncer, syncControls, watchStepAnswers } from './controls.js';
import { ensure, h } from './dom.js';
import { fmt, fmtSigned } from './format.js';

const activity = document.getElementById('activity');
if (activity) start(activity);

function start(root) {
  for (const panel of document.querySelectorAll('.js-only')) panel.hidden = false;
  const api = createApi(root.dataset.api || 'api/network');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  // Elements the JavaScript adds where older markup lacks them.
  const status = ensure('connection-status', () => h('p', { class: 'connection-status', role: 'status' }),
    (node) => (document.getElementById('activity-title') ?? root.firstChild).after(node));
  const blameList = document.getElementById('top-blame');
  const blameNote = ensure('top-blame-note', () => h('p', { class: 'help' }), (node) => blameList.after(node));
  const traceSelect = ensure('trace-point', () => h('select'), (node) => {
    const field = h('div', { class: 'field trace-control' }, h('label', { for: 'trace-point' }, 'Traced example'), node);
    const canvas = document.getElementById('boundary');
    (canvas.nextElementSibling?.classList.contains('caption') ? canvas.nextElementSibling : canvas).after(field);
  });

  // The settings live on the server; how the diagram is drawn is this browser's choice, kept across reloads.
  const VIEW_KEY = 'backprop.view';
  const saved = (() => { try { return JSON.parse(localStorage.getItem(VIEW_KEY) ?? 'null'); } catch { return null; } })();
  if (saved) {
    const radio = document.querySelector(`input[name="view"][value="${saved.view}"]`);
    if (radio) radio.checked = true;
    const log = document.getElementById('log-scale');
    if (log) log.checked = Boolean(saved.log);
  }
  const remember = () => { try { localStorage.setItem(VIEW_KEY, JSON.stringify({ view: state.view, log: state.log })); } catch { /* private mode: not kept */ } };

  const state = {
    snapshot: null, net: null, before: null, traceW: null, dataset: null, datasetLoading: false,
    view: document.querySelector('input[name="view"]:checked')?.value ?? 'gradients',
    log: document.getElementById('log-scale')?.checked ?? false,
    selected: null, hovered: null,
    pending: null, seenVersion: -1, frame: 0,
  };
  const requestDraw = () => { if (!state.frame) state.frame = requestAnimationFrame(draw); };

  const diagram = createDiagram(document.getElementById('diagram'), {
    onSelect: (k) => { state.selected = k; poke.choose(k); requestDraw(); },
    onHover: (k) => { state.hovered = k; requestDraw(); },
  });
  const legend = createLegend(document.getElementById('diagram-legend'));
  const blame = createBlameList(blameList, blameNote, { onPick: (k) => diagram.focusParam(k) });
  const ledger = createLedger(document.getElementById('ledger'));
  const boundary = createBoundary(document.getElementById('boundary'), traceSelect, {
    onTrace: (k) => api.trace(k).then(() => boundary.showError(null), (error) => boundary.showError(error.message)),
  });
  const chart = createLossChart(document.getElementById('loss-chart'), api, requestDraw);
  const table = createWeightsTable(document.getElementById('weights-table'), document.getElementById('numbers'));
  const poke = createPoke(document.getElementById('poke-body'), api);
  const announce = createAnnouncer(document.getElementById('loss-announcer'));

  function receive(raw) {
    // Ignore anything older than what is drawn or waiting (pushes can overtake each other across reconnects).
    if (!raw || raw.version < state.seenVersion) return;
    state.seenVersion = raw.version;
    state.pending = raw;
    requestDraw();
  }

  function draw() {
    state.frame = 0;
    const raw = state.pending;
    state.pending = null;
    if (raw) apply(decodeSnapshot(raw));
    if (state.snapshot) renderAll();
    chart.render();
  }

  function apply(s) {
    const previous = state.snapshot;
    const sameNetwork = previous && previous.generation === s.generation;
    const newStep = sameNetwork ? s.step > previous.step : s.step > 0 && previous !== null;
    if (!state.net || state.net.key !== s.layers.join('-')) {
      state.net = describeNetwork(s.layers);
      state.selected = null;
      state.hovered = null;
    }
    state.snapshot = s;
    state.before = weightsBefore(s);
    state.traceW = null; // worked out when the ledger needs it
    if (!state.dataset || state.dataset.generation !== s.generation) loadDataset();
    chart.update(s);
    syncControls(s);
    boundary.render(s);
    table.render(s, state.net);
    poke.setNetwork(state.net);
    if (s.diverged || s.playing || reducedMotion.matches || !newStep) diagram.cancelSweep();
    else queueMicrotask(() => diagram.sweep());
    if (newStep || (previous && s.diverged && !previous.diverged)) announce(s);
  }

  function renderAll() {
    const s = state.snapshot;
    const net = state.net;
    const values = state.view === 'weights' ? s.parameters : state.view === 'updates' ? s.updates : s.gradients;
    const scale = scaleFor(state.view, s.learningRate, state.log);
    const top = topBlame(s, net);
    const focus = state.hovered ?? state.selected;
    diagram.render({
      snapshot: s, network: net, values, scale, top, highlight: focus,
      // Labels are for reading one connection at a time; during play they would change 20 times a second.
      labels: s.playing ? null : (k) => `w ${fmt(s.parameters[k])}, ∂L/∂w ${fmt(s.gradients[k])}, Δw ${fmtSigned(s.updates[k])}`,
    });
    legend.render(scale);
    blame.render(s, net, top, state.before);
    state.traceW ??= traceWeights(s, net);
    ledger.render({ k: focus ?? top[0] ?? null, s, net, dataset: state.dataset, weights: state.traceW, before: state.before });
  }

  async function loadDataset() {
    if (state.datasetLoading) return;
    state.datasetLoading = true;
    try {
      const dataset = await api.dataset();
      state.dataset = dataset;
      boundary.setDataset(dataset);
      requestDraw();
      // A reset may have happened while the request was out: then this dataset is already old.
      if (state.snapshot && dataset.generation < state.snapshot.generation) setTimeout(loadDataset, 300);
    } catch {
      // Drawn without points for now; the next snapshot tries again.
    } finally {
      state.datasetLoading = false;
    }
  }

  for (const input of document.querySelectorAll('input[name="view"]')) {
    input.addEventListener('change', () => { state.view = input.value; remember(); requestDraw(); });
  }
  document.getElementById('log-scale')?.addEventListener('change', (e) => { state.log = e.target.checked; remember(); requestDraw(); });

  const hub = connect(new URL(root.dataset.hub || 'hubs/network', document.baseURI).toString(), {
    onSnapshot: receive,
    onFreshConnection: () => { state.seenVersion = -1; },
    status,
  });

  trainOverHub(hub);

  // Without a live connection, a form that changed the network still shows its result: ask the API instead.
  const catchUp = () => {
    if (!hub.live) api.snapshot().then((s) => receive(s)).catch(() => {});
  };
  document.body.addEventListener('htmx:afterRequest', catchUp);
  watchStepAnswers();
  document.body.addEventListener('network-reset', catchUp);
}

/**
 * While the hub is live, the train buttons send their step up the open socket (one small frame; the pushed snapshot
 * is the answer) instead of a form request. Offline, or if the hub refuses, the form goes as usual: htmx, or a plain
 * POST without JavaScript.
 */
function trainOverHub(hub) {
  let passThrough = false;
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (passThrough || !hub.live || !form.matches?.('#controls .train-form')) return;
    const submitter = event.submitter;
    const count = Number(submitter?.value ?? 1);
    event.preventDefault();
    event.stopPropagation(); // capture phase on the document: htmx on the form never sees it
    hub.invoke('Step', count).catch(() => {
      passThrough = true;
      try { form.requestSubmit(submitter ?? undefined); } finally { passThrough = false; }
    });
  }, { capture: true });
}
