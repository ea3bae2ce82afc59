/* The personal pages' service worker: one per personal link, scoped to that link, so that the agenda,
   QR code, partners and connections of this attendee open on a phone without Wi-Fi.

   Served by the app at /me/<token>/sw.js with its settings prepended (self.MATCHMAKER_OFFLINE, see
   web/attendee/offline_views.py). What it does:
   - keeps this attendee's pages (config.pages) in a cache of its own, named after a hash of the link:
     nothing of another attendee's, nothing from another site;
   - serves them network first: a fresh page when the network answers within a few seconds, else the
     kept copy, marked with the time it was saved (data-saved-at) so that the page can say how old it is;
     other pages of the link, offline, get the "you are offline" page;
   - privacy on shared phones: a copy not refreshed for config.maxAgeDays is deleted (every worker of
     the app sweeps all attendees' copies when it starts); when the server says the link no longer works
     (a new link was issued, the profile deleted) the copy is deleted and the worker unregisters; the
     page's "Remove from this phone" asks for the same. */
"use strict";

const CONFIG = self.MATCHMAKER_OFFLINE;
const BASE = new URL(CONFIG.base, self.location.origin).href;  // .../me/<token>, the scope
const PREFIX = "matchmaker-me-";
const META = "/__matchmaker-offline-meta__";
const MAX_AGE_MS = CONFIG.maxAgeDays * 24 * 3600 * 1000;
const NETWORK_TIMEOUT_MS = 4000;  // venue Wi-Fi: rather a minute-old copy than a blank screen
const ASSETS = new Set(CONFIG.assets);
const PAGES = new Set(CONFIG.pages);

async function hexDigest(text) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The cache's name never holds the link itself.
const ownCache = hexDigest(BASE).then((hex) => PREFIX + CONFIG.version + "-" + hex.slice(0, 32));

/** The page of this link a URL names ("" for the link itself, "agenda", ...), or null when the URL is
    not this attendee's (another link that merely starts with the same characters included). */
function pageOf(url) {
  const address = url.origin + url.pathname;
  if (address === BASE) { return ""; }
  return address.startsWith(BASE + "/") ? address.slice(BASE.length + 1) : null;
}

function keyOf(page) { return BASE + (page ? "/" + page : ""); }

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set("X-Saved-At", new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/** Records when the copy was last refreshed: sweeps delete copies not refreshed for a while. */
function touch(cache) {
  return cache.put(META, new Response(JSON.stringify({ saved: Date.now() }),
                                      { headers: { "Content-Type": "application/json" } }));
}

let forgotten = false;  // once asked to forget, this worker keeps nothing more

async function keep(page, response) {
  if (forgotten) { return; }
  const cache = await caches.open(await ownCache);
  await cache.put(keyOf(page), await stamped(response));
  await touch(cache);
}

/** A kept HTML page says when it was saved: the page's script turns that into "last updated ...". */
async function fromCache(copy) {
  const type = copy.headers.get("Content-Type") || "";
  if (!type.startsWith("text/html")) { return copy; }
  const saved = copy.headers.get("X-Saved-At") || "";
  const html = (await copy.text()).replace('data-saved-at=""', 'data-saved-at="' + saved + '"');
  const headers = new Headers(copy.headers);
  headers.delete("Content-Length");
  return new Response(html, { status: copy.status, statusText: copy.statusText, headers });
}

function linkIsGone(response) {
  return response.status === 404 && response.headers.get("X-Personal-Link") === "invalid";
}

async function forget() {
  forgotten = true;
  await caches.delete(await ownCache);
  await self.registration.unregister();
  await caches.delete(await ownCache);  // a write that was already under way when asked
}

async function sweep() {
  const own = await ownCache;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) { continue; }
    // Copies kept by an older version of this worker, for this same link.
    if (name !== own && name.endsWith(own.slice(own.lastIndexOf("-")))) { await caches.delete(name); continue; }
    // A copy's first entry is its META: one without is still being made (install) and is left alone.
    const meta = await (await caches.open(name)).match(META);
    if (meta && Date.now() - (await meta.json()).saved > MAX_AGE_MS) { await caches.delete(name); }
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
                 (error) => { clearTimeout(timer); reject(error); });
  });
}

async function offlinePage() {
  const copy = await (await caches.open(await ownCache)).match(keyOf("offline"));
  return copy ? fromCache(copy) : Response.error();
}

function networkFirst(event, page) {
  const network = fetch(event.request).then(async (response) => {
    if (linkIsGone(response)) { await forget(); }
    else if (response.ok && response.type === "basic" && !response.redirected) { await keep(page, response.clone()); }
    return response;
  });
  event.waitUntil(network.catch(() => null));  // a slow answer still refreshes the copy
  return withTimeout(network, NETWORK_TIMEOUT_MS).catch(async () => {
    const copy = await (await caches.open(await ownCache)).match(keyOf(page));
    if (copy) { return fromCache(copy); }
    return network.catch(() => (event.request.mode === "navigate" ? offlinePage() : Response.error()));
  });
}

async function cacheFirst(event, page) {
  const copy = await (await caches.open(await ownCache)).match(keyOf(page));
  return copy || networkFirst(event, page);
}

async function staleWhileRevalidate(event) {
  const cache = await caches.open(await ownCache);
  const copy = await cache.match(event.request);
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && !forgotten) { await cache.put(event.request, response.clone()); }
    return response;
  });
  event.waitUntil(network.catch(() => null));
  return copy || network;
}

async function navigationOrOffline(event) {
  try {
    const response = await fetch(event.request);
    if (linkIsGone(response)) { await forget(); }
    return response;
  } catch (error) {
    return offlinePage();
  }
}

async function install() {
  const cache = await caches.open(await ownCache);
  await touch(cache);
  await Promise.all(CONFIG.assets.map((asset) => cache.add(asset).catch(() => null)));
  await Promise.all(CONFIG.pages.map(async (page) => {
    try {
      const response = await fetch(keyOf(page), { credentials: "same-origin", cache: "no-store" });
      if (linkIsGone(response)) { throw new Error("link gone"); }
      if (response.ok) { await keep(page, response); }
    } catch (error) { /* kept on the next visit instead */ }
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(sweep().then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget") {
    event.waitUntil(forget().then(() => { if (event.ports[0]) { event.ports[0].postMessage("forgotten"); } }));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || forgotten) { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (ASSETS.has(url.pathname)) { event.respondWith(staleWhileRevalidate(event)); return; }
  const page = pageOf(url);
  if (page === null) { return; }
  if (page === "qr.svg") { event.respondWith(cacheFirst(event, page)); return; }  // never changes for a link
  if (PAGES.has(page)) { event.respondWith(networkFirst(event, page)); return; }
  if (request.mode === "navigate") { event.respondWith(navigationOrOffline(event)); }
  // Anything else (downloads, the manifest, this script) goes to the network as usual.
});
