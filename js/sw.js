// Service worker for offline use of a hosted build: precaches every built file on install and
// serves them cache-first, so the app starts and works with no network once it has loaded once.
// The page registers it only over http(s) (js/sw-register.js), with the page's directory as scope,
// so a sub-path deployment (/micronum/) gets its own worker and cache.
//
// ASSETS and VERSION are written at build time by scripts/sw-precache.mjs (Trunk post_build hook):
// the hashed file names of this build and a hash of their contents. A new build is a new cache;
// the old one is deleted when the new worker activates. No skipWaiting(): a new version takes over
// once every tab of the old one is closed, so an open page never mixes files of two builds (the
// worker scripts keep fixed names). Nothing here contacts any other origin.
const VERSION = "dev";
const ASSETS = ["./"];

const SCOPE = new URL("./", self.location.href).pathname;
const PREFIX = `micronum ${SCOPE} `;
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    // The first visit: take control of the open page, so it works offline without a reload.
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // `./?x` and `./index.html` are the page too.
    const hit = (await cache.match(request, { ignoreSearch: true }))
      || (request.mode === "navigate" ? await cache.match("./") : undefined);
    return hit || fetch(request);
  })());
});
