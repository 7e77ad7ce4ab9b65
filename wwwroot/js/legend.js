// The legend under the diagram: what thickness means on the scale in use, and what the two colours mean.
import { legendSamples, strokeWidth, VIEW_LABELS } from './scale.js';
import { fmt } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

function sampleLine(width, negative) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 44 14');
  svg.setAttribute('width', '44');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'legend-sample');
  const line = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1: 2, y1: 7, x2: 42, y2: 7, 'stroke-width': width.toFixed(2) })) {
    line.setAttribute(k, String(v));
  }
  line.setAttribute('class', `edge ${negative ? 'negative' : 'positive'}`);
  if (negative) line.setAttribute('stroke-dasharray', '6 4');
  svg.appendChild(line);
  return svg;
}

function item(sample, text) {
  const li = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = text;
  li.append(sample, label);
  return li;
}

const SIGN_WORDS = {
  gradients: ['∂L/∂w > 0: a bigger weight raises the loss', '∂L/∂w < 0: a bigger weight lowers the loss'],
  weights: ['positive weight', 'negative weight'],
  updates: ['Δw > 0: the weight went up', 'Δw < 0: the weight went down'],
};

export function createLegend(container) {
  let key = '';

  function render(scale) {
    const next = `${scale.view}|${scale.log}|${scale.full}`;
    if (next === key) return;
    key = next;
    const title = document.createElement('p');
    title.className = 'legend-title';
    title.textContent = `Thickness: ${VIEW_LABELS[scale.view].symbol}, ${scale.log ? 'log scale' : 'linear scale'}`;
    const sizes = document.createElement('ul');
    sizes.className = 'legend-sizes';
    const samples = legendSamples(scale);
    samples.forEach((value, n) => {
      const capped = !scale.log && n === samples.length - 1;
      sizes.appendChild(item(sampleLine(strokeWidth(value, scale), false), capped ? `${fmt(value, 2)} or more` : fmt(value, 2)));
    });
    const signs = document.createElement('ul');
    signs.className = 'legend-signs';
    const [positive, negative] = SIGN_WORDS[scale.view];
    signs.append(item(sampleLine(3, false), `blue, solid: ${positive}`), item(sampleLine(3, true), `orange, dashed: ${negative}`));
    container.replaceChildren(title, sizes, signs);
  }

  return { render };
}
