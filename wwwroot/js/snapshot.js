// Decoding snapshots and describing the network's shape. The hub sends number arrays as base64 float32 to stay
// small, and no decision grid (the page works it out from the weights); the JSON API sends plain doubles and its own
// grid. Both become the same decoded object.
import { predictGrid } from './grid.js';

/** base64 little-endian float32 → Float32Array. */
export function decodeFloats(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

function numbers(value) {
  if (typeof value === 'string') return decodeFloats(value);
  return Float64Array.from(value ?? [], (v) => (v === null ? NaN : v));
}

/** A snapshot from the hub (WireSnapshot) or from GET api/network (NetworkSnapshot), ready to draw. */
export function decodeSnapshot(s) {
  const parameters = numbers(s.parameters);
  const grid = Array.isArray(s.grid) && s.grid.length > 0
    ? Float64Array.from(s.grid)
    : predictGrid({ layers: s.layers, parameters, activation: s.activation, head: s.head });
  return {
    version: s.version,
    generation: s.generation,
    step: s.step,
    diverged: s.diverged,
    playing: s.playing,
    learningRate: s.learningRate,
    dataset: s.dataset,
    activation: s.activation,
    head: s.head,
    layers: s.layers,
    batchLoss: s.batchLoss,
    trainLoss: s.trainLoss ?? null,
    testLoss: s.testLoss ?? null,
    trainAccuracy: s.trainAccuracy ?? null,
    testAccuracy: s.testAccuracy ?? null,
    batchSize: s.batchSize,
    parameters,
    gradients: numbers(s.gradients),
    updates: numbers(s.updates),
    tracedPoint: s.tracedPoint,
    traceZ: numbers(s.traceZ),
    traceA: numbers(s.traceA),
    traceDelta: numbers(s.traceDelta),
    gridSize: Math.round(Math.sqrt(grid.length)),
    grid,
  };
}

/**
 * Where every parameter and neuron sits. Parameters run layer by layer: the layer's weights row-major (row j =
 * receiving neuron, column i = sending neuron), then its biases. Neurons run over inputs, hidden layers, output.
 */
export function describeNetwork(layers) {
  const neurons = [];
  const params = [];
  const layerStart = [];
  let index = 0;
  let parameter = 0;
  for (let l = 0; l < layers.length; l++) {
    layerStart.push(index);
    for (let j = 0; j < layers[l]; j++) {
      neurons.push({ index: index + j, layer: l, position: j, bias: null });
    }
    if (l > 0) {
      const inputs = layers[l - 1];
      for (let j = 0; j < layers[l]; j++) {
        for (let i = 0; i < inputs; i++) {
          params[parameter + j * inputs + i] = {
            index: parameter + j * inputs + i, kind: 'weight', layer: l,
            from: layerStart[l - 1] + i, to: index + j, i, j,
          };
        }
      }
      parameter += layers[l] * inputs;
      for (let j = 0; j < layers[l]; j++) {
        params[parameter + j] = { index: parameter + j, kind: 'bias', layer: l, from: null, to: index + j, i: null, j };
        neurons[index + j].bias = parameter + j;
      }
      parameter += layers[l];
    }
    index += layers[l];
  }
  const last = layers.length - 1;
  for (const p of params) p.name = paramName(p, last);
  for (const n of neurons) n.name = neuronName(n, last);
  return { layers, neurons, params, layerStart, key: layers.join('-') };
}

// "w L1 n2←n1": weight into layer 1 (the first hidden layer), neuron 2, from neuron 1 of the layer before.
function paramName(p, last) {
  const layer = `L${p.layer}`;
  return p.kind === 'weight' ? `w ${layer} n${p.j + 1}←n${p.i + 1}` : `b ${layer} n${p.j + 1}`;
}

function neuronName(n, last) {
  if (n.layer === 0) return `input x${n.position === 0 ? '₁' : '₂'}`;
  if (n.layer === last) return 'the output';
  return `neuron ${n.position + 1} of hidden layer ${n.layer}`;
}

/** A parameter in words, for labels: "weight from input x₁ to neuron 2 of hidden layer 1". */
export function describeParam(net, p) {
  const to = net.neurons[p.to].name;
  return p.kind === 'weight' ? `weight from ${net.neurons[p.from].name} to ${to}` : `bias of ${to}`;
}

/** Weights before the step's update: the gradients and δ were computed with these. */
export function weightsBefore(s) {
  const before = new Float64Array(s.parameters.length);
  for (let k = 0; k < before.length; k++) before[k] = s.parameters[k] - (s.updates[k] || 0);
  return before;
}

/**
 * The weights the trace was computed with. After a step it is the pre-update weights; when a new point is traced
 * between steps the server traces it with the current weights. Whichever set reproduces the traced z wins.
 */
export function traceWeights(s, net) {
  const before = weightsBefore(s);
  const error = (w) => {
    let sum = 0;
    for (const n of net.neurons) {
      if (n.layer === 0) continue;
      let z = w[n.bias];
      for (const p of net.params) {
        if (p.kind === 'weight' && p.to === n.index) z += w[p.index] * s.traceA[p.from];
      }
      sum += Math.abs(z - s.traceZ[n.index]);
    }
    return sum;
  };
  return error(before) <= error(s.parameters) ? before : s.parameters;
}
