// Keeps the server-rendered controls in step with the snapshots: htmx swaps them on click, but play, divergence
// and other tabs change the network without a click here. Elements are looked up each time, since htmx replaces them.
import { h } from './dom.js';
import { fmtLoss } from './format.js';

const ANNOUNCE_EVERY_MS = 2000;

/**
 * The step buttons' own answer (#step-status) says when training diverged. Trust it too, in case the snapshot
 * saying so is late or never comes.
 */
export function watchStepAnswers() {
  document.body.addEventListener('htmx:afterSwap', () => {
    if (!document.querySelector('#step-status .danger')) return;
    for (const button of document.querySelectorAll('#controls .train-form button, #play-button')) button.disabled = true;
    const divergence = document.getElementById('divergence');
    if (divergence) divergence.hidden = false;
  });
}

export function syncControls(s) {
  const play = document.getElementById('play-button');
  if (play) {
    const pressed = String(Boolean(s.playing));
    if (play.getAttribute('aria-pressed') !== pressed) {
      play.setAttribute('aria-pressed', pressed);
      play.value = s.playing ? 'false' : 'true';
      play.textContent = s.playing ? 'Pause' : 'Play';
    }
    play.disabled = s.diverged;
  }
  for (const button of document.querySelectorAll('#controls .train-form button')) button.disabled = s.diverged;
  const divergence = document.getElementById('divergence');
  if (divergence) divergence.hidden = !s.diverged;
  renderStepStatus(s);
}

/** The same line StepStatus.razor renders, so it stays current during play. */
function renderStepStatus(s) {
  const status = document.getElementById('step-status');
  if (!status) return;
  const parts = [
    'Step ', h('strong', null, s.step.toLocaleString('en-US')),
    ' · train loss ', h('strong', null, fmtLoss(s.trainLoss)),
    ' · test loss ', h('strong', null, fmtLoss(s.testLoss)),
  ];
  if (typeof s.testAccuracy === 'number' && Number.isFinite(s.testAccuracy)) {
    parts.push(' · test accuracy ', h('strong', null, `${Math.round(s.testAccuracy * 100)} %`));
  }
  if (s.diverged) parts.push(h('strong', { class: 'danger' }, ' · training diverged'));
  status.replaceChildren(...parts);
}

/** The polite live region: the new loss after a step, at most once every 2 s (play makes 20 steps a second). */
export function createAnnouncer(region) {
  let lastAt = 0;
  let timer = 0;
  let message = '';

  function flush() {
    timer = 0;
    lastAt = Date.now();
    region.textContent = message;
  }

  return function announce(s) {
    message = s.diverged
      ? `Step ${s.step}: training diverged. Reset the network and try a smaller learning rate.`
      : `Step ${s.step}: train loss ${fmtLoss(s.trainLoss)}, test loss ${fmtLoss(s.testLoss)}.`;
    const wait = lastAt + ANNOUNCE_EVERY_MS - Date.now();
    if (wait <= 0) flush();
    else if (!timer) timer = setTimeout(flush, wait);
  };
}
