// The teacher's class dashboard: it watches its class over SignalR and re-fetches the results fragment (htmx) when a
// student joins or submits, then redraws the score distribution with uPlot.
/* global signalR, htmx, uPlot */

const panel = () => document.getElementById('dashboard');
let chart = null;
let pending = null;

function drawDistribution() {
  const host = document.getElementById('distribution-chart');
  if (!host || typeof uPlot === 'undefined') return;
  const counts = JSON.parse(host.dataset.distribution || '[]');
  const scores = counts.map((_, score) => score);
  chart?.destroy();
  host.replaceChildren();
  const width = Math.max(260, Math.min(720, host.clientWidth || 600));
  chart = new uPlot({
    width,
    height: 220,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [-0.5, scores.length - 0.5] }, y: { range: [0, Math.max(1, ...counts) + 1] } },
    axes: [
      { label: 'Score', values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : '')) },
      { label: 'Students', values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : '')) },
    ],
    series: [{}, { label: 'Students', fill: '#0072B2', stroke: '#0072B2', paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
  }, [scores, counts], host);
}

function refresh() {
  // A burst of submissions (a whole class pressing Submit) becomes one refresh.
  clearTimeout(pending);
  pending = setTimeout(() => {
    const p = panel();
    if (p) htmx.ajax('GET', p.dataset.refresh, { target: '#dashboard', swap: 'outerHTML' });
  }, 200);
}

function status(text, state) {
  const node = document.getElementById('dashboard-status');
  if (!node) return;
  node.textContent = text;
  node.dataset.state = state;
}

async function watch() {
  const classId = panel()?.dataset.classId;
  const hubUrl = panel()?.dataset.hub;
  if (!classId || !hubUrl || typeof signalR === 'undefined') return;
  const connection = new signalR.HubConnectionBuilder().withUrl(hubUrl).withAutomaticReconnect().build();
  connection.on('ClassChanged', refresh);
  connection.onreconnecting(() => status('Reconnecting…', 'reconnecting'));
  connection.onreconnected(async () => {
    await connection.invoke('WatchClass', classId);
    status('Live: updates as students submit', 'connected');
    refresh();
  });
  connection.onclose(() => status('Offline: reload the page to see new results', 'offline'));
  try {
    await connection.start();
    await connection.invoke('WatchClass', classId);
    status('Live: updates as students submit', 'connected');
  } catch {
    status('Offline: reload the page to see new results', 'offline');
  }
}

// The chart's container arrives new with every refreshed fragment.
document.body.addEventListener('htmx:afterSwap', () => drawDistribution());
window.addEventListener('resize', () => drawDistribution());
drawDistribution();
watch();
