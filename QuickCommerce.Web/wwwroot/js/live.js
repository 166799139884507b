// Live events for static pages. Loaded (after lib/signalr/signalr.min.js) only on pages that show
// live data. Connects to /hubs/live with the page's cookie, follows the groups the page names in
// data-live-follow (space separated, e.g. "order:<id>"), and re-dispatches every event as a DOM
// event:   document 'qc:live'         detail = { type, data, at }
// Once connected, and again after a dropped connection comes back, it dispatches 'qc:live-resync', so
// the page fetches what it missed: a live event is a hint to refresh, never the record. Reconnects for ever, backing off
// (1 s doubling to 60 s, with jitter) so a phone on 2G is not kept busy; tries at once when the
// browser says it is online again or the tab becomes visible.
(function () {
  if (!window.signalR || window.qcLive) {
    return;
  }

  const follows = Array.from(document.querySelectorAll('[data-live-follow]'))
    .flatMap((element) => element.dataset.liveFollow.split(' '))
    .filter((group) => group.length > 0);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live')
    .configureLogging(signalR.LogLevel.None)
    .build();
  let attempt = 0;
  let timer = null;

  function dispatch(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail }));
  }

  connection.on('event', (message) => dispatch('qc:live', message));
  connection.onclose(() => {
    document.documentElement.dataset.live = 'offline';
    schedule();
  });

  function delay() {
    const base = Math.min(60000, 1000 * 2 ** Math.min(attempt, 6));
    return base / 2 + Math.random() * base / 2;
  }

  function schedule() {
    if (timer === null) {
      timer = setTimeout(() => { timer = null; start(); }, delay());
      attempt++;
    }
  }

  async function start() {
    if (connection.state !== signalR.HubConnectionState.Disconnected) {
      return;
    }
    try {
      await connection.start();
      await connection.invoke('Joined');
      for (const group of follows) {
        await connection.invoke('Follow', group);
      }
      attempt = 0;
      document.documentElement.dataset.live = 'online';

      // Anything that happened between the page being rendered (or the connection dropping) and
      // now was not heard: the page fetches it.
      dispatch('qc:live-resync');
    } catch {
      document.documentElement.dataset.live = 'offline';
      schedule();
    }
  }

  function retryNow() {
    if (connection.state === signalR.HubConnectionState.Disconnected) {
      clearTimeout(timer);
      timer = null;
      attempt = 0;
      start();
    }
  }

  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      retryNow();
    }
  });
  window.qcLive = { connection };
  start();
})();
