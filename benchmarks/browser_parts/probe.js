// benchmarks/browser.py's probe, injected into every document before its own scripts (page.add_init_script).
// Times are milliseconds on the wall clock (performance.timeOrigin + performance.now()), so that they compare across
// the documents of one tab (the sign-in form and the app it leads to).
(() => {
  if (window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const STATE = "data-test-script-state";
  const bench = (window.__bench = { states: [], sent: [], received: [] });
  const size = (data) => data?.byteLength ?? data?.size ?? data?.length ?? 0;
  // The fields of a protobuf message, one level deep: [number, value] (a number, or the bytes of a nested one).
  // Streamlit's ForwardMsg: 4 new_session starts a script run (a fragment's too), 6 script_finished ends one,
  // 18 page_profile (sent only with browser.gatherUsageStats) holds the run's exec_time in microseconds (2).
  const fields = (bytes) => {
    const found = [];
    let at = 0;
    const varint = () => {
      let value = 0;
      let shift = 0;
      let byte;
      do {
        byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80 && at < bytes.length);
      return value;
    };
    while (at < bytes.length) {
      const key = varint();
      const wire = key % 8;
      const number = Math.floor(key / 8);
      if (wire === 0) found.push([number, varint()]);
      else if (wire === 2) {
        const length = varint(); // read before `at` is: `at += varint()` would add to the old position
        found.push([number, bytes.subarray(at, at + length)]);
        at += length;
      } else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else break;
    }
    return found;
  };
  const message = (data) => {
    if (!(data instanceof ArrayBuffer)) return { start: false, finished: false, exec: 0 };
    const top = fields(new Uint8Array(data));
    const profile = top.find(([number]) => number === 18);
    const exec = profile ? (fields(profile[1]).find(([number]) => number === 2)?.[1] ?? 0) : 0;
    return { start: top.some(([n]) => n === 4), finished: top.some(([n]) => n === 6), exec: exec / 1000 };
  };

  // The input: the first pointer press or key press after Python armed the probe (kept in sessionStorage, which a
  // form's navigation keeps).
  const armed = (event) => {
    if (sessionStorage.getItem("__bench_armed") !== "1") return;
    sessionStorage.setItem("__bench_armed", "0");
    sessionStorage.setItem("__bench_t0", String(performance.timeOrigin + event.timeStamp));
  };
  window.addEventListener("pointerdown", armed, true);
  window.addEventListener("keydown", armed, true);
  bench.arm = () => {
    sessionStorage.setItem("__bench_armed", "1");
    sessionStorage.removeItem("__bench_t0");
  };
  bench.t0 = () => Number(sessionStorage.getItem("__bench_t0") || NaN);

  // Streamlit's own marker of a script run (running / notRunning), at every change.
  const note = (value) => {
    const last = bench.states[bench.states.length - 1];
    if (!last || last[1] !== value) bench.states.push([now(), value]);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target.getAttribute?.("data-testid") === "stApp") note(record.target.getAttribute(STATE));
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: [STATE] });

  // The websocket's traffic: when the rerun was asked for, and when the server's messages came (their sizes).
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const { start, finished, exec } = message(event.data);
        bench.received.push([now(), size(event.data), start, finished, exec]);
      });
    }
    send(data) {
      bench.sent.push([now(), size(data)]);
      return super.send(data);
    }
  };

  bench.fresh = (element) =>
    !!element && element.checkVisibility() && !element.closest('[data-stale="true"]');
  // Drawn: no element still waiting for its code (Streamlit shows a skeleton until a widget's or a chart's
  // JavaScript has loaded), every chart shown painted.
  bench.drawn = () =>
    ![...document.querySelectorAll('[data-testid="stSkeleton"]')].some((s) => s.checkVisibility()) &&
    [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(
      (c) => !bench.fresh(c) || c.querySelector(".main-svg"),
    );
  bench.heading = (text) =>
    [...document.querySelectorAll('[data-testid="stMain"] h1')].some(
      (h) => h.textContent.trim() === text && bench.fresh(h),
    );
  bench.text = (text) =>
    [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')].some(
      (m) => m.textContent.includes(text) && bench.fresh(m),
    );

  // Until a script run asked for after t0 is over (its script_finished message came and the marker says
  // notRunning) and `ready()` (what the user waits for) holds and the page is drawn; checked at every frame. Resolves with the settled
  // moment: the latest of the last script_finished, the notRunning that followed it (a fast run may never show
  // "running" at all: React draws both changes at once), and the first frame from which `ready()` held. A run
  // that never starts rejects after `timeout` ms.
  bench.wait = (t0, ready, timeout) =>
    new Promise((resolve, reject) => {
      const started = now();
      let since = null;
      const step = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (app) note(app.getAttribute(STATE)); // a change the observer could not see (the element was replaced)
        const t = now();
        const after = bench.states.filter(([time]) => time >= t0);
        // the run that answers the input: the first one started after the first message sent after t0 (a run
        // that was still finishing when the input came does not count)
        const sent = bench.sent.find(([time]) => time >= t0);
        const got = sent ? bench.received.filter(([time]) => time >= sent[0]) : [];
        const start = got.find((message) => message[2]);
        const finished = start ? got.filter((message) => message[3] && message[0] >= start[0]) : [];
        const idle = app?.getAttribute(STATE) === "notRunning";
        let ok = false;
        try {
          ok = !!ready() && bench.drawn();
        } catch (error) {
          ok = false;
        }
        since = ok ? (since ?? t) : null;
        if (finished.length && idle && ok) {
          const end = finished[finished.length - 1][0];
          const stopped = after.filter(([time, state]) => state === "notRunning" && time >= end).map(([time]) => time);
          const settled = Math.max(end, since, ...stopped.slice(0, 1));
          const used = got.filter(([time]) => time <= settled);
          resolve({
            t0,
            settled,
            ms: settled - t0,
            sent: sent[0] - t0,
            start: start[0] - t0,
            finished: end - t0,
            runs: finished.length,
            script: got.filter(([time]) => time <= end).reduce((total, m) => total + m[4], 0),
            messages: used.length,
            bytes: used.reduce((total, [, n]) => total + n, 0),
            elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
            nodes: document.getElementsByTagName("*").length,
          });
          return;
        }
        if (t - started > timeout) {
          const seen = after.map(([time, state]) => `${state}@${Math.round(time - t0)}`).join(" ");
          reject(new Error(`not settled in ${timeout} ms: runs finished ${finished.length}, idle ${idle}, ready ${ok}; states ${seen}`));
          return;
        }
        requestAnimationFrame(step);
      };
      step();
    });
})();
