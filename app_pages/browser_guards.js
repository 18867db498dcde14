// What the browser shows must reach the server. Two guards, installed once per page load:
// 1. A reload or a closed tab asks first while text typed into a field is not yet applied (Streamlit applies a
//    text field when it loses focus, or on Enter, Ctrl+Enter in a text area: until then the server has nothing).
// 2. A renewed connection (the server restarted, or a reconnection reached another replica) is a new server
//    session that knows nothing of what the page shows, and the browser sends nothing until the next click. It
//    asks for a run at once (Streamlit's "r" shortcut), which sends every widget's value: the interview page then
//    saves an answer clicked while the old session was going away.
(() => {
  if (window.maturitymapGuards) return;
  window.maturitymapGuards = true;

  const typed = new Set();
  const isText = (el) => el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === "text");
  document.addEventListener("input", (event) => { if (isText(event.target)) typed.add(event.target); }, true);
  document.addEventListener("focusout", (event) => typed.delete(event.target), true);
  document.addEventListener("keydown", (event) => {
    const applies = event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey;
    if (event.key === "Enter" && applies) typed.delete(event.target);
  }, true);
  window.addEventListener("beforeunload", (event) => {
    if ([...typed].some((el) => el.isConnected)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const state = () => app.getAttribute("data-test-connection-state");
  let connected = state() === "CONNECTED";
  let lost = false;
  new MutationObserver(() => {
    if (state() !== "CONNECTED") {
      lost = lost || connected;
      return;
    }
    connected = true;
    if (lost) {
      lost = false;
      const rerun = { key: "r", code: "KeyR", keyCode: 82, which: 82, bubbles: true };
      document.dispatchEvent(new KeyboardEvent("keydown", rerun));
    }
  }).observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
})();
