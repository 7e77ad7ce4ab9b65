// Poke vs backprop: the finite-difference estimate of one gradient next to backprop's, and what each costs.
import { h, m } from './dom.js';
import { fmt } from './format.js';
import { describeParam } from './snapshot.js';

export function createPoke(body, api) {
  const select = h('select', { id: 'poke-param' });
  const button = h('button', { type: 'button', class: 'primary' }, 'Poke it');
  const result = h('div', { class: 'poke-result', 'aria-live': 'polite' });
  const cost = h('p', { class: 'poke-cost' });
  let key = '';
  let net = null;
  let busy = false;

  body.replaceChildren(
    h('p', null, 'Poking a weight: nudge it up and down by a tiny ε, run the network on the whole training set both times, and take ',
      m('(L₊ − L₋) / 2ε'), '. Backprop gets the same number from its one backward sweep.'),
    h('div', { class: 'poke-row' },
      h('div', { class: 'field' }, h('label', { for: 'poke-param' }, 'Weight or bias to poke'), select),
      button),
    result,
    cost);

  function setNetwork(network) {
    if (network.key === key) return;
    key = network.key;
    net = network;
    const previous = Number(select.value);
    select.replaceChildren(...net.params.map((p) => h('option', { value: p.index }, `${p.name} — ${describeParam(net, p)}`)));
    select.value = String(Number.isInteger(previous) && previous < net.params.length ? previous : 0);
    const count = net.params.length;
    cost.replaceChildren(`Cost for all ${count} parameters of your network: poking every weight takes 2 × ${count} = ${2 * count} forward passes; `
      + 'backprop takes 1 forward pass + 1 backward sweep.');
    result.replaceChildren();
  }

  /** Follows the connection chosen on the diagram, so "poke the one I am looking at" is one click. */
  function choose(k) {
    if (!busy && net && net.params[k]) select.value = String(k);
  }

  button.addEventListener('click', async () => {
    // Not disabled while busy: a disabled button would drop keyboard focus.
    if (busy) return;
    const k = Number(select.value);
    busy = true;
    button.setAttribute('aria-busy', 'true');
    result.replaceChildren(h('p', { class: 'help' }, 'Poking…'));
    try {
      const c = await api.gradientCheck(k);
      const digits = c.relativeError > 0 ? Math.max(0, Math.floor(-Math.log10(c.relativeError))) : null;
      result.replaceChildren(
        h('p', { class: 'poke-title' }, h('strong', null, net?.params[k]?.name ?? c.parameterName), ` (${c.parameterName})`),
        h('dl', { class: 'poke-values' },
          h('div', null, h('dt', null, 'Backprop ∂L/∂w'), h('dd', null, fmt(c.backprop, 8))),
          h('div', null, h('dt', null, `Poking, ε = ${fmt(c.epsilon, 2)}`), h('dd', null, fmt(c.finiteDifference, 8))),
          h('div', null, h('dt', null, 'Relative error'), h('dd', null, fmt(c.relativeError, 2),
            digits === null ? ' (identical)' : digits >= 1 ? ` (they agree to about ${digits} significant digits)` : ''))),
        h('p', { class: 'help' }, `Here: ${c.forwardPassesToPokeEveryWeight} forward passes to poke every weight, against `
          + `${c.backpropSweeps} sweeps for backprop. Both numbers are for the whole training set at the current weights, `
          + 'so they can differ from the last step\'s ∂L/∂w, which came from that step\'s batch before its update.'));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'field-error' }, error.message));
    } finally {
      busy = false;
      button.removeAttribute('aria-busy');
    }
  });

  return { setNetwork, choose };
}
