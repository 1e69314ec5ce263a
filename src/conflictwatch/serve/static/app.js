/* conflictwatch dashboard: plain JS over the API of the same server, nothing from elsewhere.
 *
 * Everything that comes from a report (text, places, actors, sources) reaches the page as text
 * (textContent, DOM nodes), never as HTML: an article containing <script> shows as text. The
 * server's Content-Security-Policy forbids inline scripts as a second guard. */
"use strict";

const FILTERS = ["country", "type", "grade", "since", "until", "q"];
const PAGE = 1000;          // incidents per request
const MAX_INCIDENTS = 20000; // the map and table stop there (a note says so)
const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#7b3fa0",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#6b6b6b",
};
const GROUP_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
// geo_precision: 1 the place itself, 2 near it (within ~25 km), 3 only an area (admin region)
const PRECISION = {
  1: {label: "exact place (village, town)", area: 0},
  2: {label: "near the place (≈25 km)", area: 25000},
  3: {label: "an area only (region)", area: 120000},
};
const QUALIFIER_WORDS = {exact: "", at_least: "at least ", about: "about ", unknown: ""};
const SETTABLE = ["location", "admin1", "country", "latitude", "longitude", "geo_precision", "date_start", "date_end",
  "event_type", "sub_event_type", "actor1", "actor2", "grade", "historical", "notes"];

const state = {incidents: [], capped: false, open: null, map: null, markers: null, areas: null, seq: 0};

// --- small helpers -----------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** 'at least 385 to 415', 'about 12', '6', 'up to 30', 'unknown' — as totals.range_text does. */
function rangeText(low, high, qualifier) {
  if (low == null && high == null) return "unknown";
  if (low == null) return `up to ${high}`;
  const body = high == null || high === low ? `${low}` : `${low} to ${high}`;
  return (QUALIFIER_WORDS[qualifier] || "") + body;
}

function victimsText(inc) {
  const parts = inc.victims.filter(v => v.low != null || v.high != null)
    .map(v => `${v.group} ${rangeText(v.low, v.high, v.qualifier)}`);
  return parts.join("; ") || "unknown";
}

function killedHigh(inc) {
  return inc.victims.reduce((s, v) => s + (v.high != null ? v.high : (v.low || 0)), 0);
}

function dateText(x) {
  if (!x.date_start) return "date unknown";
  return x.date_end && x.date_end !== x.date_start ? `${x.date_start}…${x.date_end}` : x.date_start;
}

function placeText(x) {
  return [x.location, x.admin1, x.country].filter(Boolean).join(", ") || "?";
}

function token() { return sessionStorage.getItem("cw-token") || ""; }

function say(message, kind) {
  const box = document.getElementById("status");
  box.textContent = message || "";
  box.hidden = !message;
  box.className = kind || "";
}

async function api(path, options) {
  const headers = Object.assign({Accept: "application/json"}, (options && options.headers) || {});
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(path, Object.assign({}, options, {headers}));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.statusText;
    const error = new Error(`${response.status} ${body && body.title ? body.title : ""}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

// --- filters in the URL ------------------------------------------------------------------------------

function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const f of FILTERS) if (params.get(f)) out[f] = params.get(f);
  return out;
}

function query(filters, extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null) params.set(k, v);
  return params.toString();
}

function setUrl(filters, incident) {
  const qs = query(filters, incident ? {incident} : {});
  const url = `${location.pathname}${qs ? "?" + qs : ""}`;
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
}

function readForm() {
  const form = document.getElementById("filters");
  const out = {};
  for (const f of FILTERS) if (form.elements[f].value) out[f] = form.elements[f].value;
  return out;
}

function writeForm(filters) {
  const form = document.getElementById("filters");
  for (const f of FILTERS) {
    const input = form.elements[f];
    const value = filters[f] || "";
    if (input.tagName === "SELECT" && value && ![...input.options].some(o => o.value === value)) {
      input.append(el("option", {value}, value));
    }
    input.value = value;
  }
}

// --- loading -----------------------------------------------------------------------------------------

async function loadChoices() {
  const [schema, countries] = await Promise.all([api("openapi.json"), api("totals?by=country&historical=true")]);
  const params = schema.paths["/incidents"].get.parameters;
  const enumOf = name => {
    const p = params.find(x => x.name === name).schema;
    const options = p.anyOf ? p.anyOf.find(s => s.enum || s.$ref) : p;
    if (options && options.$ref) return schema.components.schemas[options.$ref.split("/").pop()].enum;
    return (options && options.enum) || [];
  };
  const fill = (id, values) => {
    const select = document.getElementById(id);
    for (const v of values) select.append(el("option", {value: v}, v));
  };
  fill("f-type", enumOf("type"));
  fill("f-grade", enumOf("grade"));
  fill("f-country", countries.totals.map(t => t.key).filter(k => k !== "unknown country").sort());
}

async function loadIncidents(filters) {
  const found = [];
  let cursor = null;
  do {
    const page = await api(`incidents?${query(filters, {limit: PAGE, cursor})}`);
    found.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && found.length < MAX_INCIDENTS);
  return {items: found, capped: Boolean(cursor)};
}

async function refresh() {
  const seq = ++state.seq;
  document.body.dataset.state = "loading";
  const filters = filtersFromUrl();
  writeForm(filters);
  try {
    const [{items, capped}, totals, log] = await Promise.all([
      loadIncidents(filters), api(`totals?${query(filters)}`), api("review")]);
    if (seq !== state.seq) return; // a newer request is under way
    state.incidents = items;
    state.capped = capped;
    drawMap(items);
    drawTable(items, capped);
    drawTotals(totals);
    drawTimeline(items);
    drawLog(log);
    const wanted = new URLSearchParams(location.search).get("incident");
    if (wanted) await openIncident(wanted, false);
    else closeIncident();
    say("");
  } catch (err) {
    if (err.status === 401) {
      document.getElementById("review-bar").open = true;
      say("This server needs the token for reads too: enter it under Review (top right).", "error");
    } else {
      say(`Could not load: ${err.message}`, "error");
    }
  }
  if (seq === state.seq) document.body.dataset.state = "ready";
}

// --- the map -----------------------------------------------------------------------------------------

async function initMap() {
  const map = L.map("map", {worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5});
  map.attributionControl.setPrefix("Leaflet");
  map.setView([14, 0], 4);
  state.map = map;
  state.areas = L.layerGroup().addTo(map);
  state.markers = L.layerGroup().addTo(map);
  try {
    const topo = await (await fetch("static/vendor/world-atlas-2.0.2/countries-50m.json")).json();
    const land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, {
      style: {color: "#9a9488", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1},
      interactive: false,
      attribution: "Borders: Natural Earth (world-atlas)",
    }).addTo(map).bringToBack();
  } catch (err) {
    say(`The country borders did not load: ${err.message}`, "error");
  }
  const legend = document.getElementById("legend");
  legend.append(el("strong", {}, "Type"), ...Object.entries(TYPE_COLORS).map(([t, c]) =>
    el("span", {class: "key"}, el("i", {class: "swatch", "data-color": c}), t)));
  legend.append(el("strong", {}, "Place"),
    el("span", {class: "key"}, el("i", {class: "prec prec-1"}), PRECISION[1].label),
    el("span", {class: "key"}, el("i", {class: "prec prec-2"}), PRECISION[2].label),
    el("span", {class: "key"}, el("i", {class: "prec prec-3"}), PRECISION[3].label),
    el("span", {class: "key"}, "size: killed (highest credible figure)"));
  for (const i of legend.querySelectorAll("i.swatch")) i.style.background = i.dataset.color;
}

function popupFor(inc) {
  const precision = PRECISION[inc.geo_precision] ? PRECISION[inc.geo_precision].label : "precision unknown";
  return el("div", {class: "popup"},
    el("strong", {}, inc.sub_event_type), el("br"),
    `${placeText(inc)} — ${dateText(inc)}`, el("br"),
    `killed: ${victimsText(inc)}`, el("br"),
    el("em", {}, `place: ${precision}`), el("br"),
    el("button", {type: "button", onclick: () => openIncident(inc.id, true)}, "Open incident"));
}

function drawMap(incidents) {
  state.markers.clearLayers();
  state.areas.clearLayers();
  const points = [];
  for (const inc of incidents) {
    if (inc.latitude == null || inc.longitude == null) continue;
    const latlng = [inc.latitude, inc.longitude];
    const color = TYPE_COLORS[inc.event_type] || "#333";
    const p = inc.geo_precision || 3;
    const area = PRECISION[p] ? PRECISION[p].area : 0;
    if (area) {
      L.circle(latlng, {radius: area, color, weight: 1, dashArray: "4 4", fillOpacity: 0.06, interactive: false,
        className: `cw-area prec-${p}`}).addTo(state.areas);
    }
    const radius = 5 + 3 * Math.sqrt(killedHigh(inc));
    const marker = L.circleMarker(latlng, {
      radius, color, weight: p === 1 ? 1.5 : 2, fillColor: color,
      fillOpacity: p === 1 ? 0.8 : p === 2 ? 0.45 : 0.15, dashArray: p === 3 ? "3 3" : null,
      className: `cw-marker prec-${p}`,
    });
    marker.bindPopup(popupFor(inc));
    marker.bindTooltip(el("span", {}, `${inc.location || "?"}: ${victimsText(inc)}`));
    marker.on("add", () => { if (marker._path) marker._path.dataset.incident = inc.id; });
    marker.addTo(state.markers);
    points.push(latlng);
  }
  if (points.length) state.map.fitBounds(L.latLngBounds(points).pad(0.6), {maxZoom: 7});
  state.map.invalidateSize();
}

// --- table, totals, timeline, log ----------------------------------------------------------------------

function drawTable(incidents, capped) {
  const body = document.querySelector("#incidents tbody");
  body.replaceChildren();
  for (const inc of incidents) {
    const flags = [inc.historical && "historical", inc.reviewed && "reviewed", inc.claims.length && "claim"].filter(Boolean);
    const row = el("tr", {dataset: {id: inc.id}, tabindex: 0, class: inc.id === state.open ? "open" : ""},
      el("td", {}, el("input", {type: "checkbox", class: "pick", "aria-label": `select ${inc.id}`, value: inc.id,
        onclick: e => e.stopPropagation(), onchange: updateMerge})),
      el("td", {}, dateText(inc)), el("td", {}, inc.sub_event_type), el("td", {}, placeText(inc)),
      el("td", {class: "killed"}, victimsText(inc)), el("td", {}, inc.grade), el("td", {}, inc.independent_sources),
      el("td", {}, inc.documents.length), el("td", {}, flags.join(", ")));
    row.addEventListener("click", () => openIncident(inc.id, true));
    row.addEventListener("keydown", e => { if (e.key === "Enter") openIncident(inc.id, true); });
    body.append(row);
  }
  document.getElementById("incident-count").textContent =
    `(${incidents.length}${capped ? `, the first ${MAX_INCIDENTS} only` : ""})`;
  updateMerge();
}

function drawTotals(totals) {
  const list = document.getElementById("totals");
  list.replaceChildren(...totals.totals.map(t => el("li", {class: "total", dataset: {key: t.key}},
    el("span", {class: "group"}, t.key), " ", el("strong", {class: "range"}, t.range),
    el("small", {}, ` ${t.incidents} incident${t.incidents === 1 ? "" : "s"}, ${t.reports.length} report${t.reports.length === 1 ? "" : "s"}`
      + (t.sources.length ? `; ${t.sources.join(", ")}` : "")))));
  if (!totals.totals.length) list.append(el("li", {}, "no incidents"));
}

function monday(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

function drawTimeline(incidents) {
  const box = document.getElementById("timeline");
  box.replaceChildren();
  const weeks = new Map(); // week -> group -> [low, high]
  const groups = [];
  for (const inc of incidents) {
    if (inc.historical || !inc.date_start) continue;
    const week = monday(inc.date_start).getTime();
    for (const v of inc.victims) {
      if (v.low == null && v.high == null) continue;
      if (!groups.includes(v.group)) groups.push(v.group);
      const byGroup = weeks.get(week) || new Map();
      const [lo, hi] = byGroup.get(v.group) || [0, 0];
      byGroup.set(v.group, [lo + (v.low || 0), hi + (v.high != null ? v.high : (v.low || 0))]);
      weeks.set(week, byGroup);
    }
  }
  if (!weeks.size) { box.append(el("p", {class: "empty"}, "no dated incident with figures")); return; }
  const WEEK = 7 * 86400000;
  const first = Math.min(...weeks.keys()), last = Math.max(...weeks.keys());
  const n = Math.round((last - first) / WEEK) + 1;
  let top = 1;
  for (const byGroup of weeks.values()) for (const [, hi] of byGroup.values()) top = Math.max(top, hi);
  const W = 460, H = 170, left = 34, bottom = 22, right = 8, topPad = 8;
  const slot = (W - left - right) / n;
  const x = i => left + i * slot;
  const y = v => H - bottom - (v / top) * (H - bottom - topPad);
  const chart = svg("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "killed per week by victim group"});
  chart.append(svg("line", {x1: left, x2: W - right, y1: y(0), y2: y(0), class: "axis"}),
    svg("text", {x: left - 4, y: y(top) + 4, class: "tick", "text-anchor": "end"}, top),
    svg("text", {x: left - 4, y: y(0) + 4, class: "tick", "text-anchor": "end"}, 0));
  const every = Math.max(1, Math.ceil(n / 6));
  for (let i = 0; i < n; i += every) {
    const d = new Date(first + i * WEEK).toISOString().slice(0, 10);
    chart.append(svg("text", {x: x(i) + 2, y: H - 6, class: "tick"}, d));
  }
  groups.forEach((group, g) => {
    const color = GROUP_COLORS[g % GROUP_COLORS.length];
    const width = slot / groups.length;
    for (const [week, byGroup] of weeks) {
      const range = byGroup.get(group);
      if (!range) continue;
      const i = Math.round((week - first) / WEEK);
      const [lo, hi] = range;
      const x0 = x(i) + g * width + 1;
      const yTop = y(hi), yLow = y(lo);
      const band = svg("rect", {x: x0, width: Math.max(2, width - 2), y: yTop, height: Math.max(2, yLow - yTop),
        fill: color, "fill-opacity": 0.35, stroke: color, class: "cw-band"},
        svg("title", {}, `week of ${new Date(week).toISOString().slice(0, 10)}: ${group} ${lo === hi ? lo : `${lo} to ${hi}`}`));
      chart.append(band, svg("line", {x1: x0, x2: x0 + Math.max(2, width - 2), y1: yLow, y2: yLow, stroke: color, "stroke-width": 2}));
    }
  });
  box.append(chart, el("div", {class: "keys"}, groups.map((group, g) => {
    const swatch = el("i", {class: "swatch"});
    swatch.style.background = GROUP_COLORS[g % GROUP_COLORS.length];
    return el("span", {class: "key"}, swatch, group);
  })), el("p", {class: "note"}, "Each band runs from the lowest to the highest credible figure; the line marks the low end."));
}

function drawLog(entries) {
  const body = document.querySelector("#log tbody");
  body.replaceChildren(...entries.slice().reverse().map(e => el("tr", {dataset: {id: e.id}},
    el("td", {}, e.id), el("td", {}, (e.at || "").slice(0, 16).replace("T", " ")), el("td", {}, e.author),
    el("td", {}, e.action), el("td", {}, e.target), el("td", {}, e.field || ""),
    el("td", {}, JSON.stringify(e.before)), el("td", {}, JSON.stringify(e.after)), el("td", {}, e.reason),
    el("td", {}, e.state))));
  if (!entries.length) body.append(el("tr", {}, el("td", {colspan: 10}, "no corrections yet")));
}

// --- the incident view ----------------------------------------------------------------------------------

function closeIncident() {
  state.open = null;
  document.getElementById("detail").hidden = true;
  document.getElementById("report").hidden = true;
  for (const row of document.querySelectorAll("#incidents tr.open")) row.classList.remove("open");
}

function figureRow(fig, group, incident) {
  const status = el("select", {"aria-label": "figure status", class: "fig-status"},
    ["current", "superseded", "discounted"].map(s => el("option", {value: s, selected: s === fig.status}, s)));
  const apply = el("button", {type: "button", class: "fig-apply", onclick: e => {
    e.stopPropagation();
    review({action: "figure", event: fig.event_id, status: status.value,
      evidence_start: fig.evidence ? fig.evidence.start : null}, incident.id);
  }}, "set");
  status.addEventListener("click", e => e.stopPropagation());
  const row = el("tr", {class: `cw-figure status-${fig.status}`, tabindex: 0, title: "open the report at this figure",
    dataset: {document: fig.document_id, start: fig.evidence ? fig.evidence.start : "", end: fig.evidence ? fig.evidence.end : ""}},
    el("td", {}, group), el("td", {class: "figure"}, rangeText(fig.low, fig.high, fig.qualifier)),
    el("td", {}, fig.source || "?"), el("td", {}, fig.status + (fig.subset_of ? ` (part of ${fig.subset_of})` : "")),
    el("td", {}, fig.published || ""), el("td", {class: "evidence"}, fig.evidence ? `“${fig.evidence.text}”` : ""),
    el("td", {class: "review-only"}, status, apply));
  const open = () => openReport(fig.document_id, fig.evidence);
  row.addEventListener("click", open);
  row.addEventListener("keydown", e => { if (e.key === "Enter") open(); });
  return row;
}

async function openIncident(id, push) {
  let detail;
  try {
    detail = await api(`incidents/${encodeURIComponent(id)}`);
  } catch (err) {
    say(`Could not open incident ${id}: ${err.message}`, "error");
    return;
  }
  state.open = id;
  if (push) setUrl(filtersFromUrl(), id);
  for (const row of document.querySelectorAll("#incidents tbody tr")) row.classList.toggle("open", row.dataset.id === id);
  const inc = detail.incident;
  const box = document.getElementById("detail");
  const figures = [], claims = [];
  for (const v of inc.victims) {
    for (const f of v.figures) (f.status === "claim" ? claims : figures).push([f, v.group]);
  }
  const head = ["Victims", "Figure", "Source", "Status", "Published", "Evidence", ""];
  const table = rows => el("table", {class: "figures"}, el("thead", {}, el("tr", {}, head.map(h => el("th", {}, h)))),
    el("tbody", {}, rows.map(([f, g]) => figureRow(f, g, inc))));
  box.replaceChildren(
    el("div", {class: "toolbar"}, el("h2", {}, `${inc.sub_event_type} — ${placeText(inc)}`),
      el("button", {type: "button", onclick: () => { setUrl(filtersFromUrl(), null); closeIncident(); }}, "Close")),
    el("p", {}, `${dateText(inc)} (${inc.date_precision || "?"}) · ${[inc.actor1, inc.actor2].filter(Boolean).join(" vs ") || "actors unknown"}`),
    el("p", {}, el("strong", {class: "grade"}, inc.grade), ` — ${inc.grade_reason || ""}`,
      ` · ${inc.independent_sources} independent source(s), ${inc.documents.length} report(s)`,
      inc.reviewed ? el("span", {class: "badge"}, "reviewed") : null),
    el("h3", {}, "Killed, by victim group"),
    el("ul", {class: "victims"}, inc.victims.map(v => el("li", {}, `${v.group}: `,
      el("strong", {}, rangeText(v.low, v.high, v.qualifier)),
      v.best != null ? ` (best ${v.best}${v.best_rule ? `: ${v.best_rule}` : ""})` : ""))),
    el("h3", {}, "Every figure, with its source (click one to read it in the report)"),
    figures.length ? table(figures) : el("p", {class: "empty"}, "no figures"),
    el("h3", {}, "Claims by parties to the conflict (never counted)"),
    claims.length || inc.claims.length ? el("div", {},
      claims.length ? table(claims) : null,
      el("ul", {class: "claims"}, inc.claims.map(c => el("li", {}, el("strong", {}, c.claimant), ` (${c.status}): “${c.statement}”`))))
      : el("p", {class: "empty"}, "no claims"),
    el("h3", {}, "Reports"),
    el("ul", {class: "reports"}, detail.reports.map(r => el("li", {},
      el("a", {href: "#", onclick: e => { e.preventDefault(); openReport(r.id, null); }}, r.title || r.id),
      ` — ${r.source || "source unknown"}${r.published ? `, ${r.published}` : ""}`))),
    el("h3", {}, "Events (one per report)"),
    el("ul", {class: "events"}, detail.events.map(e => el("li", {},
      el("label", {}, el("input", {type: "checkbox", class: "split-pick", value: e.id}),
        ` ${e.id} · ${e.document_id} · ${dateText(e)} · ${placeText(e)} · ${(e.sources || []).join(", ")}`)))),
    reviewForm(inc),
  );
  box.hidden = false;
}

function reviewForm(inc) {
  const field = el("select", {id: "rv-field", "aria-label": "field"}, SETTABLE.map(f => el("option", {value: f}, f)));
  const value = el("input", {type: "text", id: "rv-value", "aria-label": "new value", placeholder: "new value"});
  const show = () => { const v = inc[field.value]; value.value = v == null ? "" : String(v); };
  field.addEventListener("change", show);
  show();
  return el("form", {class: "review", id: "review-form", onsubmit: e => {
    e.preventDefault();
    let parsed = value.value;
    try { parsed = JSON.parse(value.value); } catch (_) { /* text */ }
    if (typeof inc[field.value] === "string" && typeof parsed !== "string" && parsed !== null) parsed = value.value;
    review({action: "set", target: inc.id, field: field.value, value: parsed}, inc.id);
  }},
  el("h3", {}, "Correct this incident"),
  el("label", {}, "Field ", field), el("label", {}, "Value ", value),
  el("button", {type: "submit", id: "rv-save"}, "Save correction"),
  el("button", {type: "button", id: "rv-split", onclick: () => {
    const events = [...document.querySelectorAll(".split-pick:checked")].map(c => c.value);
    review({action: "split", incident: inc.id, events}, null);
  }}, "Split checked events out"),
  el("p", {id: "review-status", role: "status"}));
}

async function review(body, reopen) {
  const out = document.getElementById("review-status") || document.getElementById("status");
  const author = document.getElementById("r-author").value.trim();
  const reason = document.getElementById("r-reason").value.trim();
  if (!token()) { document.getElementById("review-bar").open = true; }
  try {
    const result = await api("review", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(Object.assign({author: author || "analyst", reason: reason || "corrected in the dashboard"}, body))});
    const next = reopen && result.incident ? result.incident.id : (result.incident ? result.incident.id : null);
    if (next) setUrl(filtersFromUrl(), next);
    await refresh();
    const again = document.getElementById("review-status");
    if (again) again.textContent = `Saved as review #${result.entry.id}.`;
  } catch (err) {
    out.textContent = err.status === 401 ? "Refused: give a valid token under Review (top right)." : `Refused: ${err.message}`;
    out.className = "error";
  }
}

function updateMerge() {
  const picked = document.querySelectorAll("#incidents .pick:checked");
  document.getElementById("merge").disabled = picked.length < 2;
}

// --- the report view ----------------------------------------------------------------------------------

async function openReport(documentId, evidence) {
  const box = document.getElementById("report");
  let report;
  try {
    report = await api(`reports/${encodeURIComponent(documentId)}`);
  } catch (err) {
    say(`Could not open report ${documentId}: ${err.message}`, "error");
    return;
  }
  const text = report.text;
  let start = evidence ? evidence.start : -1, end = evidence ? evidence.end : -1;
  if (evidence && text.slice(start, end) !== evidence.text) { // offsets from another version: find the words
    start = text.indexOf(evidence.text);
    end = start < 0 ? -1 : start + evidence.text.length;
  }
  const body = el("div", {class: "report-text"});
  if (start >= 0) {
    body.append(text.slice(0, start), el("mark", {class: "cw-evidence"}, text.slice(start, end)), text.slice(end));
  } else {
    body.append(text);
  }
  box.replaceChildren(
    el("div", {class: "toolbar"}, el("h2", {}, report.title || report.id),
      el("button", {type: "button", onclick: () => { box.hidden = true; }}, "Close")),
    el("p", {}, `${report.source || "source unknown"}${report.published ? `, ${report.published}` : ""} · ${report.id}`,
      report.url ? [" · ", el("span", {class: "url"}, report.url)] : null),
    body);
  box.hidden = false;
  const mark = box.querySelector("mark");
  (mark || box).scrollIntoView({block: "center"});
}

// --- start ----------------------------------------------------------------------------------------------

async function start() {
  const form = document.getElementById("filters");
  form.addEventListener("change", () => { setUrl(readForm(), null); refresh(); });
  form.addEventListener("submit", e => { e.preventDefault(); setUrl(readForm(), null); refresh(); });
  form.addEventListener("reset", () => setTimeout(() => { setUrl({}, null); refresh(); }));
  window.addEventListener("popstate", refresh);
  const tokenInput = document.getElementById("r-token");
  tokenInput.value = token();
  tokenInput.addEventListener("change", async () => {
    sessionStorage.setItem("cw-token", tokenInput.value.trim());
    if (document.getElementById("f-type").options.length <= 1) { // the choices did not load without it
      try { await loadChoices(); } catch (err) { /* said by refresh */ }
      await refresh();
    }
  });
  const author = document.getElementById("r-author");
  author.value = localStorage.getItem("cw-author") || "";
  author.addEventListener("change", () => localStorage.setItem("cw-author", author.value.trim()));
  document.getElementById("merge").addEventListener("click", () => {
    const ids = [...document.querySelectorAll("#incidents .pick:checked")].map(c => c.value);
    review({action: "merge", incidents: ids}, null);
  });
  await initMap();
  try {
    await loadChoices();
  } catch (err) {
    if (err.status !== 401) say(`Could not start: ${err.message}`, "error");
  }
  await refresh();
}

start();
