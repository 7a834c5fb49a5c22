// The sam3r dashboard: jobs and nodes from the node's event stream (GET /events, server-sent
// events), the selected job's tiles and features on a Leaflet map (no base tiles: the scene's
// quicklook is the base). Read with fetch so a bearer token can travel in the header: the page
// takes it from "#token=…" once and keeps it in this browser's session storage.
(function () {
  "use strict";

  const STATES = [
    ["pending", "pending", "#9e9e9e"],
    ["inFlight", "in flight", "#fb8c00"],
    ["done", "done", "#43a047"],
    ["failed", "failed", "#e53935"],
    ["empty", "empty", "#eceff1"],
    ["outsideAoi", "outside the AOI", "#546e7a"],
  ];
  const COLOURS = Object.fromEntries(STATES.map(([k, , c]) => [k, c]));
  const PROMPT_COLOURS = ["#ffeb3b", "#00e5ff", "#ff40ff", "#ff9100", "#76ff03"];

  const hashToken = new URLSearchParams(location.hash.slice(1)).get("token");
  if (hashToken) {
    sessionStorage.setItem("sam3r-token", hashToken);
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = sessionStorage.getItem("sam3r-token");
  const headers = token ? { Authorization: "Bearer " + token } : {};

  const map = L.map("map", { zoomSnap: 0.25, attributionControl: false }).setView([0, 0], 2);
  const baseLayer = L.layerGroup().addTo(map);
  const tileLayer = L.layerGroup().addTo(map);
  const featureLayer = L.layerGroup().addTo(map);
  L.control.layers(null, { quicklook: baseLayer, tiles: tileLayer, features: featureLayer }, { collapsed: true }).addTo(map);

  let jobs = [];
  let selected = new URLSearchParams(location.search).get("job");
  let shownJob = null;          // the job whose scenes are on the map
  let tilePolys = new Map();    // "scene:tile" -> polygon
  let lastTilesKey = null;      // progress the tiles were last fetched for
  let lastFeaturesKey = null;
  let featuresBusy = false;
  let promptIndex = new Map();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  async function getJson(url) {
    const r = await fetch(url, { headers, cache: "no-store" });
    if (!r.ok) throw new Error(url + ": " + r.status);
    return r.json();
  }

  function renderLegend(counts) {
    const legend = document.getElementById("legend");
    legend.replaceChildren(...STATES.map(([key, label, colour]) =>
      el("span", { class: "legend-item", "data-state": key },
        el("span", { class: "swatch", style: "" }), label + " ",
        el("b", { id: "count-" + key }, counts ? counts[key] || 0 : 0))));
    legend.querySelectorAll(".swatch").forEach((s, i) => { s.style.background = STATES[i][2]; });
  }

  function renderJobs() {
    const body = document.querySelector("#jobs tbody");
    if (!selected && jobs.length) {
      const running = jobs.find(j => ["planning", "running", "writing"].includes(j.status));
      selected = (running || jobs[0]).id;
    }
    body.replaceChildren(...jobs.map(j => {
      const pct = j.tiles ? Math.round(100 * j.tilesDone / j.tiles) : 0;
      const bar = el("span", { class: "bar" }, el("span"));
      bar.firstChild.style.width = pct + "%";
      const row = el("tr", { class: j.id === selected ? "selected" : "", "data-job": j.id },
        el("td", { title: (j.inputs || []).join("\n") }, j.id),
        el("td", { class: "status status-" + j.status, title: j.error || "" }, j.status),
        el("td", {}, bar, `${j.tilesDone}/${j.tiles}`),
        el("td", {}, j.features));
      row.addEventListener("click", () => { selected = j.id; renderJobs(); refreshMap(true); });
      return row;
    }));
    const job = jobs.find(j => j.id === selected);
    document.getElementById("selected-job").textContent = job ? job.id : "no job selected";
    const status = document.getElementById("selected-status");
    status.textContent = job ? `${job.status} · ${job.tilesDone}/${job.tiles} tiles · ${job.features} features` : "";
    status.className = job ? "status status-" + job.status : "";
  }

  function renderNodes(nodes) {
    const body = document.querySelector("#nodes tbody");
    body.replaceChildren(...nodes.map(n => el("tr", { "data-node": n.address },
      el("td", { title: n.status }, n.address.replace(/^akka(\.ssl)?\.tcp:\/\/[^@]*@/, "")),
      el("td", {}, n.roles.join(",")),
      el("td", { title: [n.model, n.device].filter(Boolean).join("\n") }, n.device ? n.device.split(" (")[0] : "–"),
      el("td", {}, n.tiles ?? "?"),
      el("td", { class: "rate" }, n.tilesPerSecond == null ? "?" : n.tilesPerSecond.toFixed(2)))));
  }

  function styleFor(status) {
    const c = COLOURS[status] || "#000";
    return {
      color: status === "empty" ? "#90a4ae" : c,
      weight: 1,
      fillColor: c,
      fillOpacity: status === "done" ? 0.18 : status === "empty" ? 0.35 : 0.45,
      dashArray: status === "empty" || status === "outsideAoi" ? "3 3" : null,
    };
  }

  async function refreshMap(force) {
    const job = jobs.find(j => j.id === selected);
    if (!job) return;
    const key = `${job.id}|${job.status}|${job.tilesDone}|${job.tiles}|${job.tileFailures}`;
    if (!force && key === lastTilesKey && !["planning", "running"].includes(job.status)) return;
    lastTilesKey = key;
    let data;
    try {
      data = await getJson(`jobs/${encodeURIComponent(job.id)}/tiles`);
    } catch (e) {
      document.getElementById("problems").textContent = String(e);
      return;
    }
    if (data.id !== selected) return;
    drawTiles(data);
    renderLegend(data.counts);
    const problems = data.scenes.filter(s => s.problem).map(s => `${s.path}: ${s.problem}`);
    document.getElementById("problems").textContent = problems.join("; ");
    const featuresKey = `${job.id}|${job.status}|${job.tilesDone}`;
    if (force || featuresKey !== lastFeaturesKey) {
      lastFeaturesKey = featuresKey;
      refreshFeatures(job);
    }
  }

  function drawTiles(data) {
    if (shownJob !== data.id) {
      shownJob = data.id;
      baseLayer.clearLayers(); tileLayer.clearLayers(); featureLayer.clearLayers();
      tilePolys = new Map();
      const bounds = L.latLngBounds([]);
      for (const s of data.scenes) {
        if (!s.bounds) continue;
        const b = L.latLngBounds([s.bounds[1], s.bounds[0]], [s.bounds[3], s.bounds[2]]);
        bounds.extend(b);
        const overlay = L.imageOverlay(token ? "" : quicklookUrl(data.id, s.scene), b, { className: "quicklook" }).addTo(baseLayer);
        if (token) {
          // An <img> cannot send the token: fetch the image and hand the overlay a blob URL.
          fetch(quicklookUrl(data.id, s.scene), { headers }).then(r => r.ok ? r.blob() : null)
            .then(blob => { if (blob) overlay.setUrl(URL.createObjectURL(blob)); });
        }
        L.polygon(latLngs(s.footprint), { color: "#263238", weight: 2, fill: false, className: "footprint" }).addTo(baseLayer);
      }
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    }
    for (const s of data.scenes) {
      for (const t of s.tiles) {
        const id = `${s.scene}:${t.id}`;
        let poly = tilePolys.get(id);
        if (!poly) {
          poly = L.polygon(latLngs(t.ring), Object.assign({ className: "tile" }, styleFor(t.status)))
            .bindTooltip(`scene ${s.scene} tile ${t.id}: ${t.status}`, { sticky: true });
          poly.addTo(tileLayer);
          poly.getElement().setAttribute("data-tile", id);
          tilePolys.set(id, poly);
          poly._status = null;
        }
        if (poly._status !== t.status) {
          poly._status = t.status;
          poly.setStyle(styleFor(t.status));
          poly.setTooltipContent(`scene ${s.scene} tile ${t.id}: ${t.status}`);
          const path = poly.getElement();
          if (path) path.setAttribute("data-status", t.status);
        }
      }
    }
  }

  async function refreshFeatures(job) {
    if (featuresBusy) { lastFeaturesKey = null; return; }
    featuresBusy = true;
    try {
      const fc = await getJson(`jobs/${encodeURIComponent(job.id)}/features`);
      if (job.id !== selected) return;
      featureLayer.clearLayers();
      L.geoJSON(fc, {
        style: f => {
          const p = f.properties && f.properties.prompt;
          if (!promptIndex.has(p)) promptIndex.set(p, promptIndex.size);
          const c = PROMPT_COLOURS[promptIndex.get(p) % PROMPT_COLOURS.length];
          return { color: c, weight: 1.5, fillColor: c, fillOpacity: 0.35, className: "feature" };
        },
        onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.prompt}${f.properties.score != null ? " " + f.properties.score : ""}`),
      }).addTo(featureLayer);
      document.getElementById("map").setAttribute("data-features", String(fc.features.length));
      document.getElementById("map").setAttribute("data-features-source", fc.source || "output");
    } catch (e) {
      document.getElementById("problems").textContent = String(e);
    } finally {
      featuresBusy = false;
    }
  }

  function quicklookUrl(job, scene) { return `jobs/${encodeURIComponent(job)}/scenes/${scene}/quicklook.png`; }

  function latLngs(ring) { return ring.map(p => [p[1], p[0]]); }

  // Server-sent events over fetch (EventSource cannot send the token header); reconnects on loss.
  async function stream() {
    const connection = document.getElementById("connection");
    for (;;) {
      try {
        const r = await fetch("events", { headers: Object.assign({ Accept: "text/event-stream" }, headers), cache: "no-store" });
        if (!r.ok || !r.body) throw new Error("events: " + r.status);
        connection.dataset.state = "live"; connection.textContent = "live";
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            handle(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        }
      } catch (e) {
        // fall through to reconnect
      }
      connection.dataset.state = "lost"; connection.textContent = "reconnecting…";
      await new Promise(res => setTimeout(res, 2000));
    }
  }

  function handle(block) {
    let event = "message", data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data += line.slice(5).trim();
    }
    if (!data) return;
    const payload = JSON.parse(data);
    if (event === "jobs") { jobs = payload; renderJobs(); refreshMap(false); }
    else if (event === "nodes") renderNodes(payload);
  }

  renderLegend(null);
  stream();
})();
