// The thickness scale of the diagram's lines, the same as DiagramLayout.cs on the server: linear from 0.75 up to
// 10 at |∂L/∂w| = 0.5, or (log option) from 0.75 at 1e-5 to 10 at 1 on log10. Weights and updates get their own
// full-scale value so they are readable too; the legend always labels the scale in use.

export const MIN_STROKE = 0.75;
export const MAX_STROKE = 10;

/** What the lines show, and the values at which a line is thinnest and thickest (log) or full (linear). */
export function scaleFor(view, learningRate, log) {
  const eta = Number.isFinite(learningRate) && learningRate > 0 ? learningRate : 1;
  // An update is −η·∂L/∂w, so its scale is the gradient scale times η: the two views then differ only in sign.
  const unit = view === 'updates' ? eta : 1;
  const base = view === 'weights'
    ? { full: 2, logMin: 1e-3, logMax: 10 }
    : { full: 0.5 * unit, logMin: 1e-5 * unit, logMax: 1 * unit };
  return { view, log, ...base };
}

export function strokeWidth(value, scale) {
  const size = Number.isFinite(value) ? Math.abs(value) : 0;
  let t;
  if (scale.log) {
    const lo = Math.log10(scale.logMin);
    const hi = Math.log10(scale.logMax);
    t = size <= scale.logMin ? 0 : (Math.log10(size) - lo) / (hi - lo);
  } else {
    t = size / scale.full;
  }
  return MIN_STROKE + (MAX_STROKE - MIN_STROKE) * Math.min(1, Math.max(0, t));
}

/** The sample values the legend draws. */
export function legendSamples(scale) {
  if (scale.log) {
    const samples = [];
    const lo = Math.round(Math.log10(scale.logMin));
    const hi = Math.round(Math.log10(scale.logMax));
    const stepBy = hi - lo > 4 ? 2 : 1;
    for (let e = lo; e <= hi; e += stepBy) samples.push(10 ** e * (scale.logMin / 10 ** lo));
    if (samples[samples.length - 1] < scale.logMax * 0.999) samples.push(scale.logMax);
    return samples;
  }
  return [0.02, 0.2, 1].map((f) => f * scale.full);
}

export const VIEW_LABELS = {
  gradients: { symbol: '|∂L/∂w|', noun: 'blame ∂L/∂w' },
  weights: { symbol: '|w|', noun: 'weight w' },
  updates: { symbol: '|Δw|', noun: 'update Δw = −η·∂L/∂w' },
};
