// The SignalR connection that brings snapshots, and the small status line that says whether it is live.
/* global signalR */

const WORDS = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: the buttons still train your network; the pictures catch up when the connection is back.',
};

export function connect(hubUrl, { onSnapshot, onFreshConnection, status }) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl)
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  let retryMs = 2000;

  function show(state) {
    status.dataset.state = state;
    status.textContent = WORDS[state];
  }

  connection.on('Snapshot', onSnapshot);
  // The hub sends the current network as soon as a connection opens, possibly before start() resolves.
  connection.onreconnecting(() => {
    onFreshConnection();
    show('reconnecting');
  });
  connection.onreconnected(() => show('connected'));
  connection.onclose(() => {
    show('offline');
    retryLater();
  });

  async function start() {
    onFreshConnection();
    try {
      await connection.start();
      retryMs = 2000;
      show('connected');
    } catch {
      show('offline');
      retryLater();
    }
  }

  // Automatic reconnect gives up after a few tries; keep trying, more slowly, for as long as the page is open.
  function retryLater() {
    setTimeout(() => {
      if (connection.state === signalR.HubConnectionState.Disconnected) start();
    }, retryMs);
    retryMs = Math.min(30000, retryMs * 2);
  }

  show('connecting');
  start();
  return {
    get live() { return connection.state === signalR.HubConnectionState.Connected; },
    invoke: (method, ...args) => connection.invoke(method, ...args),
  };
}
