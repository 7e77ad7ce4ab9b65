// Every weight and bias in a table: w, ∂L/∂w and Δw, sortable by any column. Rows are made once per network
// shape and only their numbers change; nothing is redrawn while the <details> is closed.
import { h } from './dom.js';
import { fmt, fmtSigned } from './format.js';

const COLUMNS = [
  { key: 'name', label: 'Parameter' },
  { key: 'value', label: 'Value after the step' },
  { key: 'gradient', label: 'Gradient ∂L/∂w' },
  { key: 'update', label: 'Update Δw' },
];

export function createWeightsTable(table, details) {
  let key = '';
  let rows = [];
  let sort = { column: 'name', direction: 'ascending' };
  let last = null;
  let lastNet = null;

  function build(net) {
    key = net.key;
    const head = h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col', dataset: { column: c.key } },
      h('button', { type: 'button', class: 'sort', dataset: { column: c.key } }, c.label)))));
    rows = net.params.map((p) => ({
      p,
      cells: [h('td'), h('td'), h('td')],
      tr: null,
    }));
    for (const row of rows) row.tr = h('tr', { class: row.p.kind }, h('th', { scope: 'row' }, row.p.name), row.cells);
    table.replaceChildren(
      h('caption', null, '“w L1 n2←n1” is the weight into neuron 2 of layer 1 from neuron 1 of the layer before (layer 0 is the inputs); “b” is a bias. '
        + 'Numbers sort by size, ignoring their sign.'),
      head,
      h('tbody', null, rows.map((r) => r.tr)));
    markSort();
  }

  function markSort() {
    for (const th of table.querySelectorAll('th[data-column]')) {
      if (th.dataset.column === sort.column) th.setAttribute('aria-sort', sort.direction);
      else th.removeAttribute('aria-sort');
    }
  }

  function valueOf(row, column) {
    const k = row.p.index;
    if (column === 'name') return k;
    const v = column === 'value' ? last.parameters[k] : column === 'gradient' ? last.gradients[k] : last.updates[k];
    return Number.isFinite(v) ? Math.abs(v) : -1;
  }

  function render(s = last, net = lastNet) {
    last = s;
    lastNet = net;
    if (!details.open || !s) return;
    if (key !== net.key) build(net);
    for (const { p, cells } of rows) {
      const k = p.index;
      cells[0].textContent = fmt(s.parameters[k]);
      cells[1].textContent = fmt(s.gradients[k]);
      cells[2].textContent = fmtSigned(s.updates[k]);
    }
    const sign = sort.direction === 'ascending' ? 1 : -1;
    const sorted = [...rows].sort((a, b) => sign * (valueOf(a, sort.column) - valueOf(b, sort.column)) || a.p.index - b.p.index);
    const body = table.tBodies[0];
    // Re-append only when the order changed, so reading the table is not disturbed by no-op moves.
    if (sorted.some((r, n) => body.rows[n] !== r.tr)) body.append(...sorted.map((r) => r.tr));
  }

  table.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button.sort') : null;
    if (!button) return;
    const column = button.dataset.column;
    // Numbers start with the largest first; names start in network order.
    sort = sort.column === column
      ? { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
      : { column, direction: column === 'name' ? 'ascending' : 'descending' };
    markSort();
    render();
  });

  details.addEventListener('toggle', () => render());

  return { render };
}
