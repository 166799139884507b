// Order alerts by Web Push: a button with data-push-enable registers the service worker, asks
// permission, subscribes this browser with the server's VAPID public key and saves the subscription
// (POST /api/v1/push/subscriptions). The button stays hidden where push cannot work and once this
// browser is subscribed; an existing subscription is saved again quietly, so a phone shared by two
// people alerts whoever signed in last. Plain script, no framework.
(function () {
  const button = document.querySelector('[data-push-enable]');
  const status = document.querySelector('[data-push-status]');
  if (!button) {
    return;
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported || Notification.permission === 'denied') {
    button.hidden = true;
    return;
  }

  // applicationServerKey wants bytes; the server sends base64url.
  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  async function publicKey() {
    const response = await fetch('/api/v1/push/public-key', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return response.ok ? keyBytes((await response.json()).publicKey) : null;
  }

  // A subscription made with an earlier server key can no longer be pushed to: drop it so a new one is made.
  async function currentSubscription(registration, key) {
    const subscription = registration && await registration.pushManager.getSubscription();
    if (!subscription) {
      return null;
    }

    const made = subscription.options && subscription.options.applicationServerKey;
    if (made && new Uint8Array(made).join() !== key.join()) {
      await subscription.unsubscribe();
      return null;
    }

    return subscription;
  }

  async function save(subscription) {
    const response = await fetch('/api/v1/push/subscriptions', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(subscription.toJSON()),
    });
    if (!response.ok) {
      throw new Error(`saving the subscription answered ${response.status}`);
    }
  }

  async function enable() {
    button.disabled = true;
    say('Turning on alerts…');
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        say(permission === 'denied'
          ? 'Alerts are blocked for this site. Allow notifications in your browser settings to get them.'
          : 'Alerts are off. You can turn them on any time.');
        button.hidden = permission === 'denied';
        return;
      }

      const key = await publicKey();
      if (!key) {
        say('Order alerts are not available right now.');
        button.hidden = true;
        return;
      }

      await navigator.serviceWorker.register('/sw.js');
      const registration = await navigator.serviceWorker.ready;
      const subscription = await currentSubscription(registration, key)
        || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      await save(subscription);
      button.hidden = true;
      say('Order alerts are on. We will tell you when your order moves.');
    } catch {
      say('We could not turn on alerts. Please try again.');
    } finally {
      button.disabled = false;
    }
  }

  async function showIfNeeded() {
    const registration = await navigator.serviceWorker.getRegistration('/');
    if (Notification.permission === 'granted' && registration) {
      const key = await publicKey();
      if (!key) {
        return;
      }

      const subscription = await currentSubscription(registration, key);
      if (subscription) {
        try {
          await save(subscription);
          return;
        } catch {
          // Fall through and offer the button: the server does not have this browser.
        }
      }
    }

    button.hidden = false;
  }

  button.addEventListener('click', enable);
  showIfNeeded().catch(() => {
    button.hidden = false;
  });
})();
