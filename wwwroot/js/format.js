// Number formatting shared by every panel. Nothing the page shows may read "NaN": anything that is not a finite
// number (null after divergence, a missing value) prints as an em dash.

const MINUS = '\u2212';

/** A number with `digits` significant digits, exponent notation for very small or large magnitudes. */
export function fmt(value, digits = 4) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const size = Math.abs(value);
  let text;
  if (size >= 1e-3 && size < 1e5) {
    // toPrecision then Number() drops trailing zeros ("0.5000" → "0.5") without losing the digits we asked for.
    text = String(Number(value.toPrecision(digits)));
    if (text.includes('e')) text = value.toExponential(digits - 1);
  } else {
    text = value.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
  }
  return text.replace(/-/g, MINUS);
}

/** Like fmt, with an explicit plus sign, for changes (Δw). */
export function fmtSigned(value, digits = 4) {
  const text = fmt(value, digits);
  return typeof value === 'number' && value > 0 ? '+' + text : text;
}

/** A loss for the status line and the announcer. */
export function fmtLoss(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : '—';
}

/** Wraps a number for a formula: negative numbers get parentheses so "× −0.2" reads as "× (−0.2)". */
export function paren(value, digits = 4) {
  const text = fmt(value, digits);
  return typeof value === 'number' && value < 0 ? `(${text})` : text;
}
