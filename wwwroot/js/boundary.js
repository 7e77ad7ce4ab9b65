// The decision boundary: the network's output over [−6, 6]² as a pale heatmap, the data on top (training points
// filled, test points as rings) and the traced point ringed. Click a point, or pick it in the list, to trace it.
import { ensure, h } from './dom.js';
import { fmt } from './format.js';

const EXTENT = 6;
const POSITIVE = [0, 114, 178];
const NEGATIVE = [213, 94, 0];
const PALE = [247, 247, 244];

/** t in [−1, 1] → a colour from orange through pale to blue; `strength` keeps the heatmap light. */
function mix(t, strength) {
  const c = t >= 0 ? POSITIVE : NEGATIVE;
  const f = Math.min(1, Math.abs(t)) * strength;
  return PALE.map((p, n) => Math.round(p + (c[n] - p) * f));
}

const css = (rgb) => `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]})`;

export function createBoundary(canvas, select, { onTrace }) {
  const context = canvas.getContext('2d');
  const cells = document.createElement('canvas');
  let dataset = null;
  let last = null;
  let targetScale = 1;

  canvas.setAttribute('role', 'img');
  // The title names the canvas; this says what its colours mean.
  const description = ensure('boundary-description', () => h('p', { class: 'visually-hidden' }), (node) => canvas.after(node));
  canvas.setAttribute('aria-describedby', description.id);

  // Keep the drawing buffer at the canvas's CSS size × device pixels, so points stay crisp at any width.
  new ResizeObserver(() => {
    const ratio = window.devicePixelRatio || 1;
    const size = Math.max(1, Math.round(canvas.clientWidth * ratio));
    if (canvas.width !== size) {
      canvas.width = size;
      canvas.height = size;
      draw();
    }
  }).observe(canvas);

  const toCanvas = (x1, x2) => [((x1 + EXTENT) / (2 * EXTENT)) * canvas.width, ((EXTENT - x2) / (2 * EXTENT)) * canvas.height];

  function points() {
    if (!dataset) return [];
    return [...dataset.train.map((p, k) => ({ p, k, test: false })), ...dataset.test.map((p, k) => ({ p, k: k + dataset.train.length, test: true }))];
  }

  function colourOf(y) {
    return dataset.head === 'classification' ? (y >= 0.5 ? POSITIVE : NEGATIVE) : mix(y / targetScale, 1);
  }

  function drawGrid(s) {
    const n = s.gridSize;
    cells.width = n;
    cells.height = n;
    const cellContext = cells.getContext('2d');
    const image = cellContext.createImageData(n, n);
    const regression = s.head !== 'classification';
    let scale = 1;
    if (regression) {
      for (const v of s.grid) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
      scale = Math.max(scale, targetScale);
    }
    for (let k = 0; k < n * n; k++) {
      const v = s.grid[k];
      const t = !Number.isFinite(v) ? 0 : regression ? v / scale : 2 * v - 1;
      const [r, g, b] = mix(t, 0.55);
      image.data.set([r, g, b, 255], k * 4);
    }
    cellContext.putImageData(image, 0, 0);
    // Each cell is a cell centre of the grid, so smoothing interpolates between them.
    context.imageSmoothingEnabled = true;
    context.drawImage(cells, 0, 0, canvas.width, canvas.height);
  }

  function drawAxes() {
    const ratio = canvas.width / 320;
    context.strokeStyle = 'rgb(0 0 0 / 0.18)';
    context.lineWidth = Math.max(1, ratio);
    context.beginPath();
    context.moveTo(canvas.width / 2, 0);
    context.lineTo(canvas.width / 2, canvas.height);
    context.moveTo(0, canvas.height / 2);
    context.lineTo(canvas.width, canvas.height / 2);
    context.stroke();
    context.fillStyle = 'rgb(0 0 0 / 0.6)';
    context.font = `${Math.round(12 * ratio)}px system-ui, sans-serif`;
    context.fillText('x₁', canvas.width - 18 * ratio, canvas.height / 2 - 6 * ratio);
    context.fillText('x₂', canvas.width / 2 + 6 * ratio, 14 * ratio);
  }

  function drawPoints(traced) {
    const radius = Math.max(2.5, canvas.width / 95);
    for (const { p, test } of points()) {
      const [x, y] = toCanvas(p[0], p[1]);
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      const colour = css(colourOf(p[2]));
      // Regression targets near 0 are pale, like the heatmap behind them: a dark edge keeps them visible.
      const edge = dataset.head === 'classification' ? '#fff' : 'rgb(0 0 0 / 0.6)';
      if (test) {
        context.fillStyle = 'rgb(255 255 255 / 0.7)';
        context.fill();
        context.lineWidth = radius * 0.55;
        context.strokeStyle = colour;
        context.stroke();
        if (dataset.head !== 'classification') {
          context.beginPath();
          context.arc(x, y, radius * 1.3, 0, 2 * Math.PI);
          context.lineWidth = Math.max(1, radius * 0.15);
          context.strokeStyle = edge;
          context.stroke();
        }
      } else {
        context.fillStyle = colour;
        context.fill();
        context.lineWidth = radius * 0.3;
        context.strokeStyle = edge;
        context.stroke();
      }
    }
    const chosen = points().find((q) => q.k === traced);
    if (chosen) {
      const [x, y] = toCanvas(chosen.p[0], chosen.p[1]);
      for (const [colour, width, r] of [['#fff', radius * 0.9, radius * 2.3], ['#111', radius * 0.45, radius * 2.3]]) {
        context.beginPath();
        context.arc(x, y, r, 0, 2 * Math.PI);
        context.lineWidth = width;
        context.strokeStyle = colour;
        context.stroke();
      }
    }
  }

  function draw() {
    if (!last || canvas.width < 2) return;
    drawGrid(last);
    drawAxes();
    drawPoints(last.tracedPoint);
  }

  function render(s) {
    last = s;
    draw();
    if (document.activeElement !== select && select.value !== String(s.tracedPoint)) select.value = String(s.tracedPoint);
  }

  function optionText(p, number, test, regression) {
    const label = regression ? `target ${fmt(p[2], 3)}` : `label ${p[2] >= 0.5 ? 1 : 0}`;
    return `${test ? 'Test' : 'Training'} point ${number}: (${fmt(p[0], 3)}, ${fmt(p[1], 3)}), ${label}`;
  }

  function setDataset(d) {
    dataset = d;
    targetScale = Math.max(1e-9, ...d.train.map((p) => Math.abs(p[2])), ...d.test.map((p) => Math.abs(p[2])));
    const regression = d.head !== 'classification';
    select.replaceChildren(
      h('optgroup', { label: 'Training points' }, d.train.map((p, k) => h('option', { value: k }, optionText(p, k + 1, false, regression)))),
      h('optgroup', { label: 'Test points' }, d.test.map((p, k) => h('option', { value: d.train.length + k }, optionText(p, k + 1, true, regression)))));
    description.textContent = regression
      ? 'The network\'s prediction over the plane: blue where it predicts a high value, orange where low, with the data points on top.'
      : 'The network\'s decision over the plane: blue where it says class 1, orange where class 0, pale near 50 %, with the data points on top.';
    if (last) select.value = String(last.tracedPoint);
    draw();
  }

  function nearest(event) {
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * canvas.width;
    const y = ((event.clientY - box.top) / box.height) * canvas.height;
    let best = null;
    let bestDistance = (14 / box.width) * canvas.width; // within 14 CSS pixels
    for (const q of points()) {
      const [px, py] = toCanvas(q.p[0], q.p[1]);
      const distance = Math.hypot(px - x, py - y);
      if (distance < bestDistance) {
        best = q.k;
        bestDistance = distance;
      }
    }
    return best;
  }

  canvas.addEventListener('click', (e) => {
    const k = nearest(e);
    if (k !== null) {
      select.value = String(k);
      onTrace(k);
    }
  });
  canvas.addEventListener('pointermove', (e) => canvas.classList.toggle('over-point', nearest(e) !== null));

  let pending = 0;
  select.addEventListener('change', () => {
    // Arrow keys on a closed select fire change for every press; wait for the student to settle.
    clearTimeout(pending);
    pending = setTimeout(() => onTrace(Number(select.value)), 250);
  });

  // A failed trace request says so next to the list, not in a console nobody reads.
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  select.parentElement.after(error);
  function showError(message) {
    error.textContent = message ?? '';
    error.hidden = !message;
  }

  return { render, setDataset, showError, get dataset() { return dataset; } };
}
