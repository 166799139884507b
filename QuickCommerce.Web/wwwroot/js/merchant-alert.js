// The merchant dashboard's new-order alarm, as an ES module the dashboard imports through JS interop.
// The beep is made with the Web Audio API (no audio file to fetch on a slow line) and repeats while an
// order waits for an answer; the tab's title carries the count, so a background tab shows it too.
// Browsers keep audio silent until the person taps the page: until then the context is "suspended"
// and the dashboard shows a "Tap to enable sound" button; any tap on the page unlocks it as well.

let context = null;
let repeat = null;
let listener = null;

function audio() {
  if (context === null) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return null;
    }

    context = new Context();
    context.addEventListener('statechange', report);
  }

  return context;
}

/** "running", "suspended" (waiting for a tap), "closed" or "unsupported". */
export function soundState() {
  const c = audio();
  return c ? c.state : 'unsupported';
}

function report() {
  if (listener) {
    listener.invokeMethodAsync('SoundStateChanged', soundState()).catch(() => {
      // The circuit is gone (page left or reconnecting): nobody to tell.
    });
  }
}

function unlockOnTap() {
  unlock();
}

/** Starts listening: state changes go to dotnet.SoundStateChanged(state). Returns the state now. */
export function start(dotnet) {
  listener = dotnet;
  document.addEventListener('pointerdown', unlockOnTap, { capture: true });
  document.addEventListener('keydown', unlockOnTap, { capture: true });
  return soundState();
}

/** Resumes the audio context; only works inside a user gesture. Returns the state after. */
export async function unlock() {
  const c = audio();
  if (!c) {
    return 'unsupported';
  }

  if (c.state === 'suspended') {
    try {
      await c.resume();
    } catch {
      // Not a user gesture after all: the button stays until one comes.
    }
  }

  if (c.state === 'running') {
    document.removeEventListener('pointerdown', unlockOnTap, { capture: true });
    document.removeEventListener('keydown', unlockOnTap, { capture: true });
  }

  return c.state;
}

// Two short rising tones, loud enough over a shop's noise without being harsh.
function beep() {
  const c = audio();
  if (!c || c.state !== 'running') {
    return;
  }

  // Once the page has had its tap, a phone in a pocket buzzes too.
  if (navigator.vibrate) {
    navigator.vibrate([200, 100, 200]);
  }

  const at = c.currentTime;
  [[0, 880], [0.25, 1175]].forEach(([offset, frequency]) => {
    const tone = c.createOscillator();
    const volume = c.createGain();
    tone.type = 'square';
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, at + offset);
    volume.gain.exponentialRampToValueAtTime(0.3, at + offset + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.2);
    tone.connect(volume).connect(c.destination);
    tone.start(at + offset);
    tone.stop(at + offset + 0.22);
  });
}

/** Rings now and every everyMs while on; silent when off. Calling it again with the same value changes nothing. */
export function ring(on, everyMs) {
  if (on && repeat === null) {
    beep();
    repeat = setInterval(beep, everyMs || 4000);
  } else if (!on && repeat !== null) {
    clearInterval(repeat);
    repeat = null;
  }
}

export function setTitle(text) {
  document.title = text;
}

// push.js binds to the [data-push-enable] button present when it runs, so it runs again for each
// newly rendered dashboard (a fresh script element executes again; the old button is gone).
export function enablePushButton(src) {
  const script = document.createElement('script');
  script.src = src;
  script.dataset.merchantPush = '';
  document.querySelectorAll('script[data-merchant-push]').forEach((old) => old.remove());
  document.body.appendChild(script);
}

/** The dashboard is going away: stop ringing and stop reporting. */
export function stop() {
  ring(false);
  listener = null;
  document.removeEventListener('pointerdown', unlockOnTap, { capture: true });
  document.removeEventListener('keydown', unlockOnTap, { capture: true });
}
