// Registers the offline service worker (sw.js) when the page is served over http(s). Never on
// file:// (the single-file build has nothing to cache and browsers refuse it there) and never in
// an insecure context, where `navigator.serviceWorker` does not exist. The scope is the page's
// own directory, so a sub-path deployment works. A failure only costs offline use: it is logged as
// a warning and the app runs as before.
(() => {
if (!/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) return;
navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch((e) => {
  console.warn(`micronum: offline use unavailable (service worker not registered: ${e && e.message})`);
});
})();
