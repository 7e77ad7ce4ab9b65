// A tiny element builder: text goes in as text nodes (never as HTML), and there are no style attributes, so
// everything stays inside the page's Content-Security-Policy.

export function h(tag, props = null, ...children) {
  const node = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A piece of formula, set in the lesson's math style. */
export const m = (...children) => h('span', { class: 'math' }, ...children);

/** Finds an element, or makes it with `create` and puts it where `place` says (markup from older builds lacks some). */
export function ensure(id, create, place) {
  let node = document.getElementById(id);
  if (!node) {
    node = create();
    node.id = id;
    place(node);
  }
  return node;
}
