// The loss chart (uPlot): train and test loss per step. Points come from the snapshots as they arrive; when a
// snapshot skips steps (Train 100, a busy tab) the missing ones are fetched from api/network/history.
/* global uPlot */

const MAX_POINTS = 4096;
// Steps are whole numbers: tick at 1, 2, 5, 10, 20, 50, … only.
const STEP_TICKS = Array.from({ length: 24 }, (_, n) => [1, 2, 5][n % 3] * 10 ** Math.floor(n / 3));

export function createLossChart(container, api, requestDraw) {
  let steps = [];
  let train = [];
  let test = [];
  let generation = null;
  let coveredTo = -1; // every step up to here is in the chart, or was thinned away by the server
  let newestStep = -1;
  let loading = null;
  let dirty = true;

  const plot = new uPlot({
    width: Math.max(200, container.clientWidth),
    height: 220,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] } },
    axes: [
      { label: 'step', size: 40, labelSize: 18, incrs: STEP_TICKS },
      { label: 'loss', size: 50, labelSize: 18 },
    ],
    series: [
      { label: 'step' },
      { label: 'train loss', stroke: '#1f2937', width: 2, spanGaps: true },
      { label: 'test loss', stroke: '#009E73', width: 2, dash: [6, 4], spanGaps: true },
    ],
  }, [[], [], []], container);

  new ResizeObserver(() => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height: width < 420 ? 180 : 220 });
  }).observe(container);

  const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

  /** Sorted insert; a step already present is overwritten (the newer reading wins). */
  function add(step, trainLoss, testLoss) {
    let at = steps.length;
    while (at > 0 && steps[at - 1] > step) at--;
    if (at > 0 && steps[at - 1] === step) {
      train[at - 1] = finite(trainLoss);
      test[at - 1] = finite(testLoss);
    } else {
      steps.splice(at, 0, step);
      train.splice(at, 0, finite(trainLoss));
      test.splice(at, 0, finite(testLoss));
    }
    dirty = true;
  }

  // A long run keeps its shape in bounded memory: drop every other point, but always keep the newest.
  function thin() {
    if (steps.length <= MAX_POINTS) return;
    const keep = (_, n) => n % 2 === 0 || n === steps.length - 1;
    steps = steps.filter(keep);
    train = train.filter(keep);
    test = test.filter(keep);
  }

  function fill(from, upTo) {
    const forGeneration = generation;
    loading = api.history(from)
      .then((history) => {
        if (history.generation !== forGeneration || generation !== forGeneration) return;
        for (const p of history.points) add(p.step, p.trainLoss, p.testLoss);
        const newest = history.points.length ? history.points[history.points.length - 1].step : -1;
        coveredTo = Math.max(coveredTo, upTo, newest);
        requestDraw();
      })
      .catch(() => {
        // The snapshots keep coming; the chart only misses the skipped steps.
        coveredTo = Math.max(coveredTo, upTo);
      })
      .finally(() => {
        loading = null;
        if (generation === forGeneration && newestStep > coveredTo + 1) fill(coveredTo + 1, newestStep);
      });
  }

  function reset(nextGeneration) {
    generation = nextGeneration;
    steps = [];
    train = [];
    test = [];
    coveredTo = -1;
    newestStep = -1;
    dirty = true;
    fill(0, -1);
  }

  /** Takes a decoded snapshot's losses; call render() from the animation frame. */
  function update(s) {
    if (s.generation !== generation) reset(s.generation);
    add(s.step, s.trainLoss, s.testLoss);
    newestStep = Math.max(newestStep, s.step);
    if (s.step <= coveredTo + 1) coveredTo = Math.max(coveredTo, s.step);
    else if (!loading) fill(coveredTo + 1, s.step);
  }

  function render() {
    if (!dirty) return;
    dirty = false;
    thin();
    plot.setData([steps, train, test]);
  }

  return { update, render };
}
