// The chain-rule ledger of one connection, with the real numbers of the last step for the traced example:
// ∂ℓ/∂w = δⱼ · aᵢ, and where δⱼ came from.
import { h, m } from './dom.js';
import { fmt, fmtSigned, paren } from './format.js';
import { describeParam } from './snapshot.js';

const DERIVATIVES = {
  tanh: { formula: '1 − aⱼ²', value: (z, a) => 1 - a * a, show: (z, a) => `1 − ${paren(a)}²` },
  sigmoid: { formula: 'aⱼ(1 − aⱼ)', value: (z, a) => a * (1 - a), show: (z, a) => `${fmt(a)} × (1 − ${fmt(a)})` },
  relu: { formula: '1 if zⱼ > 0, else 0', value: (z) => (z > 0 ? 1 : 0), show: (z) => `zⱼ = ${fmt(z)} ${z > 0 ? '> 0' : '≤ 0'}` },
  linear: { formula: '1', value: () => 1, show: () => 'linear' },
};

const ACTIVATION_NAMES = { tanh: 'tanh', sigmoid: 'σ', relu: 'ReLU', linear: 'linear' };

function pointInfo(s, dataset) {
  if (!dataset || dataset.generation !== s.generation) return null;
  const k = s.tracedPoint;
  const inTrain = k < dataset.train.length;
  const point = inTrain ? dataset.train[k] : dataset.test[k - dataset.train.length];
  return point ? { inTrain, number: inTrain ? k + 1 : k - dataset.train.length + 1, x1: point[0], x2: point[1], y: point[2] } : null;
}

function row(...children) {
  return h('li', null, ...children);
}

/** aᵢ: the input itself, or f(zᵢ) for a hidden neuron. */
function activationRow(s, net, i) {
  const n = net.neurons[i];
  if (n.layer === 0) return row(m(`aᵢ = x${n.position === 0 ? '₁' : '₂'} = ${fmt(s.traceA[i])}`), ' (an input)');
  const f = ACTIVATION_NAMES[s.activation] ?? s.activation;
  return row(m(`aᵢ = ${f}(zᵢ) = ${f}(${fmt(s.traceZ[i])}) = ${fmt(s.traceA[i])}`));
}

/** δⱼ at the output comes from the loss; in a hidden layer from the layer above, scaled by f′(zⱼ). */
function deltaRows(s, net, j, weights, point) {
  const n = net.neurons[j];
  const delta = s.traceDelta[j];
  const z = s.traceZ[j];
  const y = point ? fmt(point.y) : 'y';
  if (n.layer === net.layers.length - 1) {
    if (s.head === 'classification') {
      const p = 1 / (1 + Math.exp(-z));
      return [row(m(`δⱼ = σ(z) − y = σ(${fmt(z)}) − ${y} = ${fmt(p)} − ${y} = ${fmt(delta)}`),
        ' (the output: predicted probability minus the label)')];
    }
    return [row(m(`δⱼ = 2(ŷ − y) = 2 × (${fmt(z)} − ${y}) = ${fmt(delta)}`), ' (the output: twice the prediction error)')];
  }
  const derivative = DERIVATIVES[s.activation] ?? DERIVATIVES.linear;
  const slope = derivative.value(z, s.traceA[j]);
  const outgoing = net.params.filter((p) => p.kind === 'weight' && p.from === j);
  let sum = 0;
  const terms = outgoing.map((p) => {
    sum += weights[p.index] * s.traceDelta[p.to];
    return `${paren(weights[p.index], 3)} × ${paren(s.traceDelta[p.to], 3)}`;
  });
  return [
    row(m(`δⱼ = f′(zⱼ) · Σₖ wⱼₖ δₖ = ${paren(slope)} × ${paren(sum)} = ${fmt(delta)}`)),
    row(m(`f′(zⱼ) = ${derivative.formula}`), ` for ${s.activation}: `, m(`${derivative.show(z, s.traceA[j])} = ${fmt(slope)}`)),
    row(m(`Σₖ wⱼₖ δₖ = ${terms.join(' + ')} = ${fmt(sum)}`),
      ` (over the ${outgoing.length} ${outgoing.length === 1 ? 'neuron' : 'neurons'} that neuron j feeds, with the weights before the update)`),
  ];
}

export function createLedger(container) {
  function empty(text) {
    container.replaceChildren(h('p', { class: 'help' }, text));
  }

  /** `weights`: the weights the trace was computed with (see traceWeights); `before`: weights before the update. */
  function render({ k, s, net, dataset, weights, before }) {
    if (k === null || k === undefined || !net.params[k]) {
      empty('Hover over a connection, or tab into the diagram and use the arrow keys, to see its chain-rule ledger.');
      return;
    }
    const p = net.params[k];
    const point = pointInfo(s, dataset);
    const isWeight = p.kind === 'weight';
    const j = p.to;
    const product = isWeight ? s.traceDelta[j] * s.traceA[p.from] : s.traceDelta[j];

    const heading = h('p', { class: 'ledger-title' }, h('strong', null, p.name), ` — ${describeParam(net, p)}`);
    const sym = isWeight ? 'w' : 'b';
    const values = h('dl', { class: 'ledger-values' },
      h('div', null, h('dt', null, `${sym} before → after`), h('dd', null, `${fmt(before[k])} → ${fmt(s.parameters[k])}`)),
      h('div', null, h('dt', null, `batch gradient ∂L/∂${sym}`), h('dd', null, fmt(s.gradients[k]))),
      h('div', null, h('dt', null, `update Δ${sym}`), h('dd', null, fmtSigned(s.updates[k]))));

    const where = point
      ? `${point.inTrain ? 'training' : 'test'} point ${point.number}: x₁ = ${fmt(point.x1, 3)}, x₂ = ${fmt(point.x2, 3)}, y = ${fmt(point.y, 3)}`
      : `point ${s.tracedPoint}`;
    const traceTitle = h('p', { class: 'ledger-trace' }, `Chain rule for the traced example (${where}):`);

    const chain = h('ol', { class: 'chain' });
    if (isWeight) {
      chain.append(
        row(m(`∂ℓ/∂w = δⱼ · aᵢ = ${paren(s.traceDelta[j])} × ${paren(s.traceA[p.from])} = ${fmt(product)}`)),
        activationRow(s, net, p.from));
    } else {
      chain.append(row(m(`∂ℓ/∂b = δⱼ · 1 = ${fmt(product)}`), ' (a bias is a weight whose input is always 1)'));
    }
    chain.append(...deltaRows(s, net, j, weights, point));

    const batch = s.batchSize > 1 ? `the batch of ${s.batchSize} training examples` : 'the batch';
    const notes = [h('p', { class: 'help' }, `The batch gradient ∂L/∂${sym} is the average of ${isWeight ? 'δⱼ·aᵢ' : 'δⱼ'} over `,
      batch, ', so this one example\'s number differs from it.')];
    if (point && !point.inTrain) notes.push(h('p', { class: 'help' }, 'This is a test point: it is traced, but never trained on.'));
    if (s.diverged) notes.unshift(h('p', { class: 'field-error' }, 'Training diverged: these numbers come from the step that blew up. Reset the network to go on.'));
    if (s.step === 0) notes.push(h('p', { class: 'help' }, 'No training step yet, so every ∂L/∂w is 0; the trace uses the current weights.'));
    container.replaceChildren(heading, values, traceTitle, chain, ...notes);
  }

  return { render, empty };
}
