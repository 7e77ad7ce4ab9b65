// The decision picture, worked out in the browser from the pushed weights, the way the server's engine does it:
// the network's output at the centre of each cell of a square grid over [−6, 6]², top row first. Doing it here keeps
// every push small and spares the server 1,600 forward passes per step; a few thousand multiply-adds is nothing for
// even a phone. (GET api/network still returns the server's own full-precision grid.)

export const GRID_SIZE = 40;
const EXTENT = 6;

const ACTIVATIONS = {
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  linear: (z) => z,
};

/**
 * Runs the network over the grid. `layers` counts neurons from the inputs ([2, 4, 4, 1]); `parameters` runs layer by
 * layer, each layer's weights row-major (row = receiving neuron) then its biases. Hidden layers use `activation`,
 * the output is linear; classification turns it into P(class 1).
 */
export function predictGrid({ layers, parameters, activation, head }, size = GRID_SIZE) {
  const hidden = ACTIVATIONS[activation] ?? ACTIVATIONS.linear;
  const classification = head === 'classification';
  const widest = Math.max(...layers);
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  const grid = new Float64Array(size * size);
  const cell = (2 * EXTENT) / size;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      input[0] = -EXTENT + (column + 0.5) * cell;
      input[1] = EXTENT - (row + 0.5) * cell;
      let at = 0;
      for (let l = 1; l < layers.length; l++) {
        const inputs = layers[l - 1];
        const outputs = layers[l];
        const biases = at + outputs * inputs;
        const last = l === layers.length - 1;
        for (let j = 0; j < outputs; j++) {
          let z = parameters[biases + j];
          for (let i = 0; i < inputs; i++) z += parameters[at + j * inputs + i] * input[i];
          output[j] = last ? z : hidden(z);
        }
        at = biases + outputs;
        [input, output] = [output, input];
      }
      const v = classification ? 1 / (1 + Math.exp(-input[0])) : input[0];
      grid[row * size + column] = Number.isNaN(v) ? 0.5 : Math.min(1e6, Math.max(-1e6, v));
    }
  }
  return grid;
}
