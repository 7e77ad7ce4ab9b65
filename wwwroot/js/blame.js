// "Most to blame": the three connections with the largest |∂L/∂w| in the last step, and how far each moved.
import { h, m } from './dom.js';
import { fmt, fmtSigned } from './format.js';

/** Indices of the (up to) three weights with the largest finite |∂L/∂w|; none before the first step. */
export function topBlame(s, net) {
  // Before the first step there is no blame; after a divergence the numbers mean nothing any more.
  if (s.step === 0 || s.diverged) return [];
  return net.params
    .filter((p) => p.kind === 'weight' && Number.isFinite(s.gradients[p.index]) && s.gradients[p.index] !== 0)
    .sort((a, b) => Math.abs(s.gradients[b.index]) - Math.abs(s.gradients[a.index]))
    .slice(0, 3)
    .map((p) => p.index);
}

export function createBlameList(list, note, { onPick }) {
  let key = '';

  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-param]') : null;
    if (button) onPick(Number(button.dataset.param));
  });

  function render(s, net, top, before) {
    // Rebuilding keeps focus only if nothing changed, so skip identical renders (trace changes, play frames).
    const next = `${s.generation}|${s.step}|${s.diverged}|${top.join(',')}`;
    if (next === key) return;
    key = next;
    if (top.length === 0) {
      list.replaceChildren();
      list.hidden = true;
      note.textContent = s.diverged
        ? 'Training diverged: there is no blame to share out until you reset.'
        : 'Train one step to see which three connections get the most blame.';
      return;
    }
    list.hidden = false;
    list.replaceChildren(...top.map((k) => {
      const p = net.params[k];
      return h('li', null,
        h('button', { type: 'button', class: 'link', dataset: { param: String(k) }, 'aria-label': `${p.name}: open its ledger` }, p.name),
        h('span', { class: 'blame-numbers' },
          h('span', null, m('w'), ` ${fmt(before[k])} → ${fmt(s.parameters[k])}`),
          h('span', null, m('∂L/∂w'), ` ${fmt(s.gradients[k])}`),
          h('span', null, m('Δw'), ` ${fmtSigned(s.updates[k])}`)));
    }));
    // With momentum or weight decay (possible through the API) the update is no longer exactly −η·∂L/∂w.
    const plain = top.every((k) => Math.abs(s.updates[k] + s.learningRate * s.gradients[k]) <= 1e-4 * Math.abs(s.updates[k]) + 1e-12);
    note.textContent = plain
      ? `Each weight moved by Δw = −η·∂L/∂w with η = ${fmt(s.learningRate)}, so the connections with the most blame moved the most.`
      : 'Each weight moved by its update Δw, which here also includes momentum or weight decay.';
  }

  return { render };
}
