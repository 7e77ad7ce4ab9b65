// The JSON API, addressed relative to the page so the app can live under a sub-path.

export function createApi(base) {
  const url = (path) => new URL(`${base}/${path}`, document.baseURI).toString();

  async function request(path, init) {
    // Same-origin fetches send the session cookie, which says whose network this is.
    const response = await fetch(url(path), { credentials: 'same-origin', ...init });
    if (!response.ok) {
      let message = `The server answered ${response.status}.`;
      try {
        const problem = await response.json();
        const first = problem && problem.errors && Object.values(problem.errors)[0];
        if (first && first.length) message = first[0];
        else if (problem && problem.title) message = problem.title;
      } catch {
        // Not a problem-details body; keep the status message.
      }
      throw new Error(message);
    }
    return response.json();
  }

  return {
    snapshot: () => request(''),
    dataset: () => request('dataset'),
    history: (from) => request(`history?from=${Math.max(0, Math.floor(from))}`),
    trace: (point) => request('trace', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ point }),
    }),
    gradientCheck: (parameter) => request(`gradient-check/${parameter}`),
  };
}
