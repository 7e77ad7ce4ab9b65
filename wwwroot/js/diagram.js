// The live network diagram: the same geometry as DiagramLayout.cs, so it takes over from the server's picture
// without a jump. Lines are rebuilt only when the shape changes; each snapshot just updates attributes.
import { strokeWidth } from './scale.js';
import { describeParam } from './snapshot.js';
import { fmt, fmtSigned } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 360;
const RADIUS = 14;
const SWEEP_MS = 150;

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function setAttr(node, name, value) {
  const text = String(value);
  if (node.getAttribute(name) !== text) node.setAttribute(name, text);
}

/** Neuron positions, exactly as DiagramLayout.cs places them. */
export function place(layers) {
  const points = [];
  layers.forEach((n, l) => {
    const x = 40 + (WIDTH - 80) * (layers.length === 1 ? 0.5 : l / (layers.length - 1));
    const gap = Math.min(40, (HEIGHT - 40) / Math.max(1, n));
    for (let j = 0; j < n; j++) points.push({ x, y: HEIGHT / 2 + (j - (n - 1) / 2) * gap });
  });
  return points;
}

export function createDiagram(container, { onSelect, onHover }) {
  let net = null;
  let svg = null;
  let parts = null; // { params: [element per parameter], hits, layerEdges, layerNeurons, badges, halo }
  let tip = null;
  let sweepTimers = [];
  let focusIndex = 0;
  let last = null; // the values drawn last, for the tooltip and labels

  function build(network) {
    net = network;
    const points = place(net.layers);
    container.replaceChildren();
    // tabindex −1: Chromium otherwise puts the <svg> itself in the tab order, one extra stop before the lines.
    svg = el('svg', { class: 'network live', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', tabindex: -1 });
    svg.setAttribute('aria-label', `Network diagram, ${net.layers.join('-')} neurons. `
      + 'Tab into it, then use the arrow keys to move from connection to connection; each opens its ledger.');
    const halo = el('g', { class: 'halo', 'aria-hidden': 'true' }, svg);
    const haloOuter = el('line', { class: 'halo-outer' }, halo);
    const haloInner = el('line', { class: 'halo-inner' }, halo);
    const edges = el('g', { class: 'edges' }, svg);
    const hits = el('g', { class: 'hits', 'aria-hidden': 'true' }, svg);
    const neurons = el('g', { class: 'neurons' }, svg);
    const badgeLayer = el('g', { class: 'badges', 'aria-hidden': 'true' }, svg);

    const params = [];
    const layerEdges = [];
    const layerNeurons = net.layers.map(() => []);
    for (let l = 1; l < net.layers.length; l++) {
      layerEdges[l] = [el('g', { class: 'layer-edges', 'data-layer': l }, edges)];
    }
    for (const p of net.params) {
      if (p.kind !== 'weight') continue;
      const a = points[p.from];
      const b = points[p.to];
      const geometry = { x1: a.x.toFixed(2), y1: a.y.toFixed(2), x2: b.x.toFixed(2), y2: b.y.toFixed(2) };
      params[p.index] = el('line', {
        ...geometry, class: 'edge positive', 'data-param': p.index, 'stroke-width': 0.75,
        tabindex: -1, role: 'button', 'aria-label': p.name,
      }, layerEdges[p.layer][0]);
      el('line', { ...geometry, class: 'hit', 'data-hit': p.index }, hits);
    }
    for (const n of net.neurons) {
      const c = points[n.index];
      const circle = el('circle', {
        cx: c.x.toFixed(2), cy: c.y.toFixed(2), r: RADIUS, class: 'neuron', 'data-neuron': n.index, 'data-sign': 'positive',
      }, neurons);
      layerNeurons[n.layer].push(circle);
      if (n.bias !== null) {
        const rect = el('rect', {
          x: (c.x - RADIUS - 9).toFixed(2), y: (c.y - RADIUS - 9).toFixed(2), width: 9, height: 9,
          class: 'bias positive', 'data-param': n.bias, 'data-layer': n.layer, tabindex: -1, role: 'button',
          'aria-label': net.params[n.bias].name,
        }, neurons);
        params[n.bias] = rect;
        layerEdges[n.layer].push(rect);
      }
      if (n.layer === 0 || n.layer === net.layers.length - 1) {
        const isInput = n.layer === 0;
        const label = el('text', {
          x: (c.x + (isInput ? -RADIUS - 6 : RADIUS + 6)).toFixed(2), y: (c.y + 4).toFixed(2),
          class: 'neuron-label', 'text-anchor': isInput ? 'end' : 'start', 'aria-hidden': 'true',
        }, neurons);
        label.textContent = isInput ? (n.position === 0 ? 'x₁' : 'x₂') : 'ŷ';
      }
    }
    const badges = [1, 2, 3].map((rank) => {
      const g = el('g', { class: 'badge', 'data-rank': rank, visibility: 'hidden' }, badgeLayer);
      el('circle', { r: 9 }, g);
      const text = el('text', { 'text-anchor': 'middle', y: 4 }, g);
      text.textContent = String(rank);
      return g;
    });
    parts = { params, layerEdges, layerNeurons, badges, haloOuter, haloInner, halo };
    focusIndex = 0;
    params[0]?.setAttribute('tabindex', '0');
    // The picture keeps DiagramLayout's 640×360 coordinates, but a small network only fills the middle band:
    // show just that band (slice keeps the full width), so the diagram is not two-thirds empty.
    const widest = Math.max(...net.layers);
    const band = (widest - 1) * Math.min(40, (HEIGHT - 40) / widest) + 2 * RADIUS + 60;
    svg.setAttribute('preserveAspectRatio', 'xMidYMid slice');
    svg.style.aspectRatio = `${WIDTH} / ${Math.round(Math.min(HEIGHT, Math.max(200, band)))}`;
    container.appendChild(svg);
    tip = document.createElement('div');
    tip.className = 'diagram-tip';
    tip.hidden = true;
    tip.setAttribute('aria-hidden', 'true');
    container.appendChild(tip);
    wireEvents();
  }

  function paramOf(target) {
    const node = target instanceof Element ? target.closest('[data-param],[data-hit]') : null;
    if (!node) return null;
    return Number(node.getAttribute('data-param') ?? node.getAttribute('data-hit'));
  }

  function wireEvents() {
    svg.addEventListener('pointerover', (e) => {
      const k = paramOf(e.target);
      if (k !== null) {
        onHover(k);
        showTip(k, e.clientX, e.clientY);
      }
    });
    svg.addEventListener('pointermove', (e) => {
      if (!tip.hidden && paramOf(e.target) !== null) moveTip(e.clientX, e.clientY);
    });
    svg.addEventListener('pointerout', (e) => {
      if (paramOf(e.target) !== null && paramOf(e.relatedTarget) === null) {
        onHover(null);
        hideTip();
      }
    });
    svg.addEventListener('click', (e) => {
      const k = paramOf(e.target);
      if (k !== null) onSelect(k);
    });
    svg.addEventListener('focusin', (e) => {
      const k = paramOf(e.target);
      if (k === null) return;
      rove(k);
      onSelect(k);
      const node = parts.params[k];
      const box = node.getBBox();
      const at = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(node.getScreenCTM());
      showTip(k, at.x, at.y);
    });
    svg.addEventListener('focusout', () => hideTip());
    svg.addEventListener('keydown', (e) => {
      const k = paramOf(e.target);
      if (k === null) return;
      const count = parts.params.length;
      const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -count, End: count };
      if (e.key in moves) {
        e.preventDefault();
        focusParam(Math.min(count - 1, Math.max(0, k + moves[e.key])));
      } else if (e.key === 'Escape') {
        hideTip();
      }
    });
  }

  /** Roving tabindex: the diagram is one tab stop, the arrow keys move inside it. */
  function rove(k) {
    if (k === focusIndex || !parts.params[k]) return;
    parts.params[focusIndex]?.setAttribute('tabindex', '-1');
    parts.params[k].setAttribute('tabindex', '0');
    focusIndex = k;
  }

  function focusParam(k) {
    if (!parts?.params[k]) return;
    rove(k);
    parts.params[k].focus();
  }

  function tipText(k) {
    const p = net.params[k];
    const v = last;
    if (!v) return [p.name];
    return [`${p.name}`, `w ${fmt(v.parameters[k])}`, `∂L/∂w ${fmt(v.gradients[k])}`, `Δw ${fmtSigned(v.updates[k])}`];
  }

  function showTip(k, clientX, clientY) {
    const lines = tipText(k);
    tip.replaceChildren(...lines.map((line, n) => {
      const span = document.createElement(n === 0 ? 'strong' : 'span');
      span.textContent = line;
      return span;
    }));
    tip.hidden = false;
    tip.dataset.param = String(k);
    moveTip(clientX, clientY);
  }

  function moveTip(clientX, clientY) {
    const box = container.getBoundingClientRect();
    const x = Math.min(box.width - tip.offsetWidth - 4, Math.max(4, clientX - box.left + 12));
    const y = clientY - box.top - tip.offsetHeight - 12;
    tip.style.left = `${x}px`;
    tip.style.top = `${y < 4 ? clientY - box.top + 16 : y}px`;
  }

  function hideTip() {
    if (tip) tip.hidden = true;
  }

  /** Halo behind the hovered or selected connection: a visible marker that does not rely on colour. */
  function drawHalo(k) {
    const node = k === null || k === undefined ? null : parts.params[k];
    if (!node || node.tagName !== 'line') {
      setAttr(parts.halo, 'visibility', 'hidden');
      return;
    }
    const width = Number(node.getAttribute('stroke-width'));
    for (const [halo, extra] of [[parts.haloOuter, 7], [parts.haloInner, 3.5]]) {
      for (const a of ['x1', 'y1', 'x2', 'y2']) setAttr(halo, a, node.getAttribute(a));
      setAttr(halo, 'stroke-width', (width + extra).toFixed(2));
    }
    setAttr(parts.halo, 'visibility', 'visible');
  }

  function placeBadges(top) {
    const taken = [];
    parts.badges.forEach((badge, rank) => {
      const k = top[rank];
      const node = k === undefined ? null : parts.params[k];
      if (!node) {
        setAttr(badge, 'visibility', 'hidden');
        return;
      }
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(node.getAttribute(a)));
      // Lines between two layers often cross mid-way; slide a badge along its line until it has room.
      let spot = null;
      for (const t of [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8]) {
        const x = x1 + (x2 - x1) * t;
        const y = y1 + (y2 - y1) * t;
        spot = { x, y };
        if (taken.every((o) => Math.hypot(o.x - x, o.y - y) > 20)) break;
      }
      taken.push(spot);
      setAttr(badge, 'transform', `translate(${spot.x.toFixed(1)} ${spot.y.toFixed(1)})`);
      setAttr(badge, 'visibility', 'visible');
    });
  }

  /** Draws a decoded snapshot: line widths by the chosen view, neuron shading by the traced activations. */
  function render({ snapshot: s, network, values, scale, top, highlight, labels }) {
    if (!net || net.key !== network.key) build(network);
    last = s;
    for (const p of net.params) {
      const node = parts.params[p.index];
      const v = values[p.index];
      const negative = Number.isFinite(v) && v < 0;
      // classList, not the class attribute: the sweep's "pending" class must survive a redraw.
      if (node.classList.contains('negative') !== negative) {
        node.classList.toggle('negative', negative);
        node.classList.toggle('positive', !negative);
      }
      const width = strokeWidth(v, scale);
      setAttr(node, 'stroke-width', (p.kind === 'weight' ? width : Math.min(3, width / 2)).toFixed(2));
      if (negative) setAttr(node, 'stroke-dasharray', p.kind === 'weight' ? '6 4' : '2 1.5');
      else if (node.hasAttribute('stroke-dasharray')) node.removeAttribute('stroke-dasharray');
      if (labels) setAttr(node, 'aria-label', `${p.name}, ${describeParam(net, p)}: ${labels(p.index)}`);
    }
    parts.layerNeurons.flat().forEach((circle, n) => {
      const a = s.traceA[n];
      const size = Number.isFinite(a) ? Math.abs(Math.tanh(a)) : 0;
      setAttr(circle, 'fill-opacity', Math.min(1, 0.15 + size).toFixed(2));
      setAttr(circle, 'data-sign', Number.isFinite(a) && a < 0 ? 'negative' : 'positive');
    });
    placeBadges(top);
    drawHalo(highlight);
    // Which step the picture shows (read by the browser tests, and handy when inspecting a page).
    svg.dataset.live = 'true';
    svg.dataset.step = String(s.step);
    if (!tip.hidden) {
      const k = Number(tip.dataset.param);
      const spans = tip.children;
      tipText(k).forEach((line, n) => { if (spans[n]) spans[n].textContent = line; });
    }
  }

  /** The backward sweep: layers light up from the output back to the inputs, one every 150 ms. */
  function sweep() {
    cancelSweep();
    if (!parts) return;
    const layerCount = net.layers.length;
    for (let l = 1; l < layerCount; l++) parts.layerEdges[l].forEach((n) => n.classList.add('pending'));
    // Each beat rings the neurons whose δ is now known and lights the connections into them; the last beat
    // reaches the inputs (their δ is ∂ℓ/∂x, no weights to light).
    for (let l = layerCount - 1, t = 0; l >= 0; l--, t++) {
      sweepTimers.push(setTimeout(() => {
        parts.layerNeurons.flat().forEach((c) => c.classList.remove('sweeping'));
        parts.layerNeurons[l].forEach((c) => c.classList.add('sweeping'));
        parts.layerEdges[l]?.forEach((n) => n.classList.remove('pending'));
      }, t * SWEEP_MS));
    }
    sweepTimers.push(setTimeout(() => cancelSweep(), (layerCount + 1) * SWEEP_MS));
  }

  /** Ends a sweep at once, showing everything (new snapshot, play, divergence). */
  function cancelSweep() {
    sweepTimers.forEach(clearTimeout);
    sweepTimers = [];
    if (!parts) return;
    parts.layerEdges.flat().forEach((n) => n?.classList.remove('pending'));
    parts.layerNeurons.flat().forEach((c) => c.classList.remove('sweeping'));
  }

  return { render, sweep, cancelSweep, focusParam, get network() { return net; } };
}
