/* The standalone export's explorer: filters, playback, clustering, URL hash — all in the browser, offline.
 * Filters combine with AND across groups and OR within a group; an event passes the dates when its
 * interval (event_date..date_end, widened by time_precision) overlaps From..To. */
(function (MM) {
  "use strict";
  var el = MM.el, DAY = MM.DAY;
  var GROUPS = [
    {key: "category", title: "Category", hash: "category"},
    {key: "event_type", title: "Event type", hash: "type"},
    {key: "actors", title: "Actors", hash: "actor"},
    {key: "admin1", title: "Region", hash: "region"},
    {key: "admin2", title: "Cercle", hash: "cercle"}
  ];
  /* Case- and accent-insensitive text, so "menaka" finds Ménaka and "segou" Ségou. */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var TEXT_COLUMNS = ["location", "admin1", "admin2", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                      "_actor_labels", "notes", "event_id"];

  /* Per-row typed arrays the filters read: the interval each event covers (geo.filters.event_interval's rule), whether
   * it is context, and for each filter group the codes into its value table. */
  function prepare(t) {
    var n = t.n, ed = t.numbers("event_date"), de = t.numbers("date_end"), tp = t.numbers("time_precision");
    var start = new Float64Array(n), end = new Float64Array(n), context = new Uint8Array(n);
    var cat = t.codes("category"), catValues = t.values("category");
    var art = t.codes("in_article"), artValues = t.values("in_article");
    for (var i = 0; i < n; i++) {
      var s = ed[i] * DAY, e = isNaN(de[i]) ? s : de[i] * DAY, p = tp[i] || 1;
      if (isNaN(s)) { s = -Infinity; e = Infinity; }
      if (p === 2) { s -= 3 * DAY; e += 3 * DAY; }
      if (p === 3 && isFinite(s)) {
        var a = new Date(s), b = new Date(e);
        s = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1); e = Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 0);
      }
      start[i] = s; end[i] = e;
      context[i] = (cat[i] >= 0 && catValues[cat[i]] === "context") || (art[i] >= 0 && artValues[art[i]] === "context") ? 1 : 0;
    }
    var groups = {};
    ["category", "event_type", "admin1", "admin2"].forEach(function (key) {
      groups[key] = {codes: t.codes(key), values: t.values(key)};
    });
    // actors: each distinct "_actor_labels" cell ("CJA|FAMa") is split once; rows keep the cell's code
    var labels = t.values("_actor_labels"), actorIds = {}, actorValues = [];
    var members = labels.map(function (cell) {
      return String(cell || "").split("|").filter(Boolean).map(function (name) {
        if (!(name in actorIds)) { actorIds[name] = actorValues.length; actorValues.push(name); }
        return actorIds[name];
      });
    });
    groups.actors = {codes: t.codes("_actor_labels"), values: actorValues, members: members};
    var lat = t.numbers("latitude"), lon = t.numbers("longitude"), placed = new Uint8Array(n);
    for (i = 0; i < n; i++) { placed[i] = isNaN(lat[i]) || isNaN(lon[i]) ? 0 : 1; }
    return {n: n, start: start, end: end, context: context, groups: groups, placed: placed};
  }

  /* How many of `rows` carry each value of a group (actors: each actor of the row's cell). */
  function tally(g, rows) {
    var counts = new Int32Array(g.values.length), codes = g.codes;
    if (g.members) {
      var perCell = new Int32Array(g.members.length);
      for (var k = 0; k < rows.length; k++) { if (codes[rows[k]] >= 0) { perCell[codes[rows[k]]]++; } }
      g.members.forEach(function (ids, c) { ids.forEach(function (id) { counts[id] += perCell[c]; }); });
    } else {
      for (k = 0; k < rows.length; k++) { if (codes[rows[k]] >= 0) { counts[codes[rows[k]]]++; } }
    }
    return counts;
  }

  function options(g, all) {
    var counts = tally(g, all), out = [];
    g.values.forEach(function (v, c) { if (v) { out.push({value: v, code: c, count: counts[c]}); } });
    return out.sort(function (a, b) { return a.value.localeCompare(b.value); });
  }

  function labelled(input, text) {
    var label = el("label", "mm-check");
    label.appendChild(input);
    var span = el("span", null, " " + text);
    label.appendChild(span);
    label.text = span;
    return label;
  }

  MM.explorer = function (map, data, config) {
    if (data && typeof data.then === "function") {  // compressed events: start once they are decoded
      return data.then(function (decoded) { return MM.explorer(map, decoded, config); });
    }
    var t = data, idx = prepare(t), n = t.n, all = new Int32Array(n);
    for (var r = 0; r < n; r++) { all[r] = r; }
    var lo = Infinity, hi = -Infinity;
    for (r = 0; r < n; r++) {
      if (isFinite(idx.start[r]) && idx.start[r] < lo) { lo = idx.start[r]; }
      if (isFinite(idx.end[r]) && idx.end[r] > hi) { hi = idx.end[r]; }
    }
    if (!isFinite(lo)) { lo = hi = Date.UTC(2017, 2, 1); }
    var spanDays = Math.round((hi - lo) / DAY);
    var iaCodes = t.codes("ia_status"), ia = [];
    var catCodes = t.codes("category"), catValues = t.values("category");
    for (r = 0; r < n; r++) {
      if (iaCodes[r] >= 0 && catValues[catCodes[r]] === "interim_authority" && t.value("ia_status", r)) {
        ia.push({start: idx.start[r], p: t.row(r)});
      }
    }
    ia.sort(function (a, b) { return a.start - b.start; });

    var layer = new MM.PointsLayer(t).addTo(map);
    MM.registry.events = layer;
    MM.registry.table = t;

    // ---- the panel -------------------------------------------------------------------------------
    var root = document.getElementById("mm-filters");
    var ui = {boxes: {}};
    var count = el("p", "mm-count");
    // Places chosen when the map was made (CLI --location, dashboard): a filter the reader can drop.
    var places = {}, placeNames = (config.initial.locations || []);
    placeNames.forEach(function (n) { places[fold(n)] = true; });
    if (placeNames.length) {
      var placeLine = el("p", "mm-small mm-places", "Only places: " + placeNames.join(", ") + " ");
      var clearPlaces = el("button", null, "show all places");
      clearPlaces.type = "button";
      clearPlaces.addEventListener("click", function () { places = {}; placeNames = []; placeLine.remove(); update(); });
      placeLine.appendChild(clearPlaces);
    }
    count.id = "mm-count";
    root.appendChild(count);
    ui.zoom = el("button", null, "Zoom to these events"); ui.zoom.type = "button"; ui.zoom.id = "mm-zoom";
    ui.zoom.addEventListener("click", function () { zoomToVisible(); });
    root.appendChild(ui.zoom);
    // The story of the article: its own events in date order, one step at a time (geo/story.py: same rule).
    var story = [];
    var artCodes = t.codes("in_article"), artValues = t.values("in_article");
    for (r = 0; r < n; r++) {
      var kind = artCodes[r] >= 0 ? artValues[artCodes[r]] : "";
      if ((kind === "excerpt" || kind === "likely") && !idx.context[r]) { story.push(r); }
    }
    var eventDay = t.numbers("event_date");
    story.sort(function (a, b) {  // by day, then by event id, as geo/story.py
      var ia2 = String(t.value("event_id", a)), ib = String(t.value("event_id", b));
      return (eventDay[a] - eventDay[b]) || (ia2 < ib ? -1 : ia2 > ib ? 1 : 0);
    });
    ui.storyStart = el("button", null, "▶ Tell the story (" + story.length + " steps)");
    ui.storyStart.type = "button"; ui.storyStart.id = "mm-story-start";
    ui.storyCard = el("div", "mm-story"); ui.storyCard.id = "mm-story"; ui.storyCard.hidden = true;
    ui.storyCard.setAttribute("aria-live", "polite");
    if (story.length) { root.appendChild(ui.storyStart); }
    root.appendChild(ui.storyCard);
    // The panel folds to one button; it starts folded on maps under 760 px wide, where it would cover the map.
    var panel = document.getElementById("mm-panel"), toggle = document.getElementById("mm-panel-toggle");
    function foldPanel(collapsed) {
      panel.classList.toggle("mm-collapsed", collapsed);
      toggle.setAttribute("aria-expanded", String(!collapsed));
      toggle.textContent = collapsed ? "Filters ▸" : "Hide filters";
    }
    if (toggle) {
      toggle.addEventListener("click", function () { foldPanel(!panel.classList.contains("mm-collapsed")); });
      foldPanel(map.getSize().x < 760);
    }
    if (placeLine) { root.appendChild(placeLine); }

    var dates = el("fieldset", "mm-dates");
    dates.appendChild(el("legend", null, "Dates"));
    function dateInput(id, text) {
      // ISO text, not <input type=date>: that one shows the browser's locale order (MM/DD/YYYY) instead
      var input = el("input"); input.type = "text"; input.id = id; input.className = "mm-date";
      input.placeholder = "YYYY-MM-DD"; input.pattern = "\\d{4}-\\d{2}-\\d{2}"; input.size = 10;
      input.setAttribute("inputmode", "numeric");
      var label = el("label", null, text + " "); label.htmlFor = id;
      label.appendChild(input); dates.appendChild(label);
      return input;
    }
    function slider(id, text) {
      var input = el("input"); input.type = "range"; input.id = id; input.min = 0; input.max = spanDays; input.step = 1;
      input.setAttribute("aria-label", text);
      dates.appendChild(input);
      return input;
    }
    ui.from = dateInput("mm-from", "From");
    ui.fromSlider = slider("mm-from-slider", "From (slider)");
    ui.to = dateInput("mm-to", "To");
    ui.toSlider = slider("mm-to-slider", "To (slider)");
    root.appendChild(dates);

    var play = el("fieldset", "mm-play");
    play.appendChild(el("legend", null, "Playback"));
    ui.play = el("button", null, "▶ Play"); ui.play.type = "button"; ui.play.id = "mm-play";
    ui.play.dataset.step = "0";
    ui.stepUnit = el("select"); ui.stepUnit.id = "mm-step-unit"; ui.stepUnit.setAttribute("aria-label", "Step");
    [["day", "day by day"], ["week", "week by week"], ["month", "month by month"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; ui.stepUnit.appendChild(opt);
    });
    ui.stepUnit.value = spanDays > 730 ? "month" : spanDays > 120 ? "week" : "day";
    ui.speed = el("select"); ui.speed.id = "mm-speed"; ui.speed.setAttribute("aria-label", "Speed");
    ["0.5", "1", "2", "4", "8"].forEach(function (v) {
      var opt = el("option", null, v + "×"); opt.value = v; ui.speed.appendChild(opt);
    });
    ui.speed.value = "1";
    ui.mode = el("select"); ui.mode.id = "mm-mode"; ui.mode.setAttribute("aria-label", "Window");
    [["cumulative", "cumulative"], ["window", "moving window"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; ui.mode.appendChild(opt);
    });
    ui.playLabel = el("span", "mm-play-label", "");
    [ui.play, ui.stepUnit, ui.speed, ui.mode, ui.playLabel].forEach(function (n) { play.appendChild(n); });
    root.appendChild(play);

    ui.search = el("input"); ui.search.type = "search"; ui.search.id = "mm-search";
    var searchLabel = el("label", "mm-search", "Search place, actor, description ");
    searchLabel.htmlFor = "mm-search"; searchLabel.appendChild(ui.search);
    root.appendChild(searchLabel);

    ui.context = el("input"); ui.context.type = "checkbox"; ui.context.id = "mm-context";
    root.appendChild(labelled(ui.context, "Include context events (background, follow-ups, not in the article)"));
    ui.cluster = el("input"); ui.cluster.type = "checkbox"; ui.cluster.id = "mm-cluster";
    root.appendChild(labelled(ui.cluster, "Cluster nearby events"));

    GROUPS.forEach(function (g) {
      var box = el("details", "mm-group");
      box.open = g.key !== "actors";
      box.appendChild(el("summary", null, g.title));
      var all = el("button", "mm-all", "all"), none = el("button", "mm-all", "none");
      all.type = none.type = "button";
      box.appendChild(all); box.appendChild(none);
      ui.boxes[g.key] = options(idx.groups[g.key], all).map(function (o) {
        var input = el("input"); input.type = "checkbox"; input.value = o.value; input.checked = true;
        input.code = o.code;
        input.text = g.key === "category" ? (config.categories[o.value] || o.value) : o.value;
        var label = labelled(input, input.text + " (" + o.count + ")");
        input.countNode = label.text;
        box.appendChild(label);
        return input;
      });
      all.addEventListener("click", function () { ui.boxes[g.key].forEach(function (b) { b.checked = true; }); update(); });
      none.addEventListener("click", function () { ui.boxes[g.key].forEach(function (b) { b.checked = false; }); update(); });
      root.appendChild(box);
    });
    ui.list = el("ol", "mm-list"); ui.list.id = "mm-list";
    root.appendChild(el("strong", null, "Visible events"));
    root.appendChild(ui.list);
    L.DomEvent.disableClickPropagation(document.getElementById("mm-panel"));
    L.DomEvent.disableScrollPropagation(document.getElementById("mm-panel"));

    // ---- state <-> controls <-> URL hash -----------------------------------------------------------
    function dayIndex(iso) { return Math.round((Date.parse(iso) - lo) / DAY); }
    function setDates(from, to) {
      ui.from.value = from; ui.to.value = to;
      ui.fromSlider.value = dayIndex(from); ui.toSlider.value = dayIndex(to);
    }
    function applyState(s) {
      setDates(s.from || MM.isoDay(lo), s.to || MM.isoDay(hi));
      GROUPS.forEach(function (g) {
        var wanted = s[g.key];
        ui.boxes[g.key].forEach(function (b) { b.checked = !wanted || !wanted.length || wanted.indexOf(b.value) >= 0; });
      });
      ui.search.value = s.q || "";
      ui.context.checked = s.context !== false;
      ui.cluster.checked = !!s.cluster;
      if (s.mode) { ui.mode.value = s.mode; }
      if (s.step) { ui.stepUnit.value = s.step; }
    }
    function checked(key) {
      var boxes = ui.boxes[key], on = boxes.filter(function (b) { return b.checked; });
      return on.length === boxes.length ? null : on.map(function (b) { return b.value; });
    }
    function readHash() {
      if (location.hash.length < 2) { return null; }
      var params = new URLSearchParams(location.hash.slice(1)), s = {};
      if (params.get("from")) { s.from = params.get("from"); }
      if (params.get("to")) { s.to = params.get("to"); }
      GROUPS.forEach(function (g) { if (params.getAll(g.hash).length) { s[g.key] = params.getAll(g.hash); } });
      s.q = params.get("q") || "";
      s.context = params.get("context") !== "0";
      s.cluster = params.get("cluster") === "1";
      s.mode = params.get("mode"); s.step = params.get("step");
      s.story = params.get("story") ? Number(params.get("story")) : null;
      return s;
    }
    function currentState() {
      var st = {from: ui.from.value, to: ui.to.value, q: ui.search.value, context: ui.context.checked,
                cluster: ui.cluster.checked, mode: ui.mode.value, step: ui.stepUnit.value};
      GROUPS.forEach(function (g) { st[g.key] = checked(g.key); });
      return st;
    }
    function writeHash() {
      var params = new URLSearchParams();
      if (storyAt !== null) { params.set("story", String(storyAt + 1)); }
      params.set("from", ui.from.value); params.set("to", ui.to.value);
      GROUPS.forEach(function (g) { (checked(g.key) || []).forEach(function (v) { params.append(g.hash, v); }); });
      if (ui.search.value) { params.set("q", ui.search.value); }
      params.set("context", ui.context.checked ? "1" : "0");
      if (ui.cluster.checked) { params.set("cluster", "1"); }
      history.replaceState(null, "", "#" + params.toString());
    }

    // ---- filtering, drawing --------------------------------------------------------------------------
    /* A mask over a column's distinct values: which of them contain the folded search text (folded once). */
    var folded = {};
    function searchMask(name, q) {
      var values = t.values(name);
      if (!folded[name]) { folded[name] = values.map(function (v) { return v ? fold(v) : ""; }); }
      return Uint8Array.from(folded[name], function (v) { return v.indexOf(q) >= 0 ? 1 : 0; });
    }
    function currentFilter() {
      var f = {from: Date.parse(ui.from.value) || lo, to: Date.parse(ui.to.value) || hi, masks: [],
               context: ui.context.checked, q: fold(ui.search.value.trim()), search: null, place: null};
      GROUPS.forEach(function (g) {
        var on = checked(g.key);
        if (!on) { return; }
        var grp = idx.groups[g.key], ok = new Uint8Array(grp.values.length);
        ui.boxes[g.key].forEach(function (b) { if (b.checked) { ok[b.code] = 1; } });
        if (grp.members) {  // actors: a label cell passes when any of its actors is ticked
          ok = Uint8Array.from(grp.members, function (ids) { return ids.some(function (id) { return ok[id]; }) ? 1 : 0; });
        }
        f.masks.push({key: g.key, codes: grp.codes, ok: ok});
      });
      if (f.q) {
        f.search = TEXT_COLUMNS.filter(function (c) { return t.has(c); })
          .map(function (c) { return {codes: t.codes(c), ok: searchMask(c, f.q)}; });
      }
      if (placeNames.length) {
        f.place = {codes: t.codes("location"),
                   ok: Uint8Array.from(t.values("location"), function (v) { return places[fold(v || "")] ? 1 : 0; })};
      }
      return f;
    }
    /* One pass over every row: the visible rows, and for each group the rows that only that group's boxes
     * hide (so a checkbox can say how many events ticking it would show). */
    function compute(f) {
      var visible = new Int32Array(n), m = 0, start = idx.start, end = idx.end, ctx = idx.context;
      var masks = f.masks, nm = masks.length, near = masks.map(function () { return []; });
      for (var i = 0; i < n; i++) {
        if (end[i] < f.from || start[i] > f.to) { continue; }
        if (!f.context && ctx[i]) { continue; }
        if (f.place && !(f.place.codes[i] >= 0 && f.place.ok[f.place.codes[i]])) { continue; }
        if (f.search) {
          var hit = false;
          for (var c = 0; c < f.search.length && !hit; c++) {
            var code = f.search[c].codes[i];
            hit = code >= 0 && f.search[c].ok[code] === 1;
          }
          if (!hit) { continue; }
        }
        var failed = -1, fails = 0;
        for (var k = 0; k < nm && fails < 2; k++) {
          var cc = masks[k].codes[i];
          if (!(cc >= 0 && masks[k].ok[cc])) { failed = k; fails++; }
        }
        if (fails === 0) { visible[m++] = i; } else if (fails === 1) { near[failed].push(i); }
      }
      var byKey = {};
      masks.forEach(function (mk, k2) { byKey[mk.key] = near[k2]; });
      return {visible: visible.subarray(0, m), near: byKey};
    }
    /* Checkbox counts for the current view: events shown, plus for an unticked box those it would add. */
    function boxCounts(result) {
      GROUPS.forEach(function (g) {
        var grp = idx.groups[g.key], counts = tally(grp, result.visible);
        var extra = result.near[g.key] ? tally(grp, result.near[g.key]) : null;
        ui.boxes[g.key].forEach(function (b) {
          var shown = counts[b.code] + (extra && !b.checked ? extra[b.code] : 0);
          b.countNode.textContent = " " + b.text + " (" + shown + ")";
        });
      });
    }
    function regionStatus(toMs) {
      var status = {};
      ia.forEach(function (e) {
        if (e.start > toMs) { return; }
        String(e.p.ia_regions || "").split("|").forEach(function (r) { if (r) { status[r] = [e.p.ia_status, e.p]; } });
      });
      if (!MM.registry.regions) { return; }
      MM.registry.regions.eachLayer(function (layer) {
        var members = layer.feature.properties._members || [];
        if (!members.length) { return; }
        var kinds = {}, notes = ["Interim authority status as of " + MM.isoDay(toMs) + ":"];
        members.forEach(function (m) {
          var s = status[m];
          kinds[s ? s[0] : "none"] = true;
          notes.push(s ? m + ": " + s[0] + " on " + s[1].event_date + " (" + s[1].event_id + ", " + s[1].location + ")"
                       : m + ": no interim authority recorded yet");
        });
        if (members.length > 1) {
          notes.push("These outlines cannot draw the 2016 region(s) " + members.slice(1).join(", ") +
                     ": they lie inside this polygon, whose shading carries their status too.");
        }
        var keys = Object.keys(kinds), fill = keys.length === 1 ? keys[0] : "mixed";
        layer.feature.properties._notes = notes;
        layer.setStyle({fillColor: config.statusColors[fill]});
      });
    }
    /* Fit the map to the events in view (a single place: zoom 8 around it). */
    function zoomToVisible() {
      var rows = layer._order, s = 90, w = 180, n2 = -90, e = -180;
      for (var k = 0; k < rows.length; k++) {
        var la = layer._lat[rows[k]], lo2 = layer._lon[rows[k]];
        if (la < s) { s = la; } if (la > n2) { n2 = la; } if (lo2 < w) { w = lo2; } if (lo2 > e) { e = lo2; }
      }
      if (!rows.length) { return; }
      var wide = map.getSize().x > 600;
      map.fitBounds([[s, w], [n2, e]], {maxZoom: 8, animate: false,
                                        paddingTopLeft: [wide && !panel.classList.contains("mm-collapsed") ? 400 : 20, 20],
                                        paddingBottomRight: [wide ? 260 : 20, 20]});
    }
    function renderList(visible) {
      while (ui.list.firstChild) { ui.list.removeChild(ui.list.firstChild); }
      Array.prototype.slice.call(visible, 0, 300).forEach(function (i) {
        var p = t.row(i), v = MM.describe(p), placed = idx.placed[i] === 1;
        var li = el("li", placed ? null : "mm-unplaced",
                    v.when + " · " + (p.location || "?") + " · " + v.category + (placed ? "" : " (not on the map)"));
        if (placed) {
          li.tabIndex = 0;
          li.addEventListener("click", function () {
            map.setView([p.latitude, p.longitude], Math.max(map.getZoom(), 7), {animate: false});
            layer.openPopup(i);
          });
        }
        ui.list.appendChild(li);
      });
      if (visible.length > 300) { ui.list.appendChild(el("li", "mm-more-items", "… and " + (visible.length - 300) + " more")); }
    }
    var visibleCount = 0, catTally = {codes: catCodes, values: catValues};
    var cercleTally = {codes: t.codes("admin2"), values: t.values("admin2")};
    function update(skipHash) {
      var f = currentFilter(), result = compute(f), visible = result.visible;
      layer._clustered = ui.cluster.checked;
      layer.setVisible(visible);
      var placed = layer._order;
      visibleCount = visible.length;
      count.textContent = visible.length + " of " + n + " events";
      var counts = {}, perCat = tally(catTally, placed);
      catValues.forEach(function (v, c) { if (perCat[c]) { counts[v] = perCat[c]; } });
      var blockedN = 0;  // blocked installations have their own legend row (points.js decides which)
      for (var k = 0; k < placed.length; k++) { blockedN += layer._blocked[placed[k]]; }
      if (blockedN) { counts.interim_authority -= blockedN; counts.interim_authority_blocked = blockedN; }
      if (MM.registry.legend) {
        MM.registry.legend.setCounts(counts, placed.length, "Interim authority, " + MM.isoDay(f.to));
      }
      regionStatus(f.to);
      var perCercle = {}, perC = tally(cercleTally, placed);
      cercleTally.values.forEach(function (v, c) { if (v && perC[c]) { perCercle[v] = perC[c]; } });
      MM.setCercleCounts(perCercle);
      boxCounts(result);
      renderList(visible);
      if (!skipHash) { writeHash(); }
    }

    // ---- story ----------------------------------------------------------------------------------------
    var storyAt = null;
    function showStory(k) {
      if (!story.length) { return; }
      storyAt = Math.max(0, Math.min(story.length - 1, k));
      var r = story[storyAt], p = t.row(r), v = MM.describe(p);
      var first = idx.start[story[0]], day = isFinite(idx.end[r]) ? idx.end[r] : idx.start[r];
      // the map as of this step: the story so far, regions shaded as of its day, context hidden
      setDates(MM.isoDay(Math.min(first, day)), MM.isoDay(day));
      GROUPS.forEach(function (g) { ui.boxes[g.key].forEach(function (b) { b.checked = true; }); });
      ui.search.value = ""; ui.context.checked = false;
      update();
      layer.highlight(idx.placed[r] ? r : null);
      if (idx.placed[r]) {
        map.stop();  // a step taken while the previous one still moves the map
        map.setView([p.latitude, p.longitude], Math.max(map.getZoom(), 6), {animate: false});
      }
      var card = ui.storyCard;
      while (card.firstChild) { card.removeChild(card.firstChild); }
      card.hidden = false;
      card.appendChild(el("div", "mm-story-head", "Step " + (storyAt + 1) + " of " + story.length + " · " + v.when));
      card.appendChild(el("div", "mm-story-place", (p.location || "") + (idx.placed[r] ? "" : " (no place on the map)") +
                          " · " + v.category));
      card.appendChild(el("p", "mm-story-summary", MM.summary(p.notes)));
      card.appendChild(el("div", "mm-small", "Source: " + (p.source || "not given")));
      card.appendChild(MM.sourceList(v.urls));
      var prev = el("button", null, "◀ Previous"), next = el("button", null, "Next ▶"), exit = el("button", null, "Close");
      prev.type = next.type = exit.type = "button";
      prev.id = "mm-story-prev"; next.id = "mm-story-next"; exit.id = "mm-story-exit";
      prev.disabled = storyAt === 0; next.disabled = storyAt === story.length - 1;
      prev.addEventListener("click", function () { showStory(storyAt - 1); });
      next.addEventListener("click", function () { showStory(storyAt + 1); });
      exit.addEventListener("click", function () { closeStory(); });
      [prev, next, exit].forEach(function (b) { card.appendChild(b); });
      card.appendChild(el("div", "mm-small", "Arrow keys ← → step through; the address of this page links this step."));
      writeHash();
    }
    var beforeStory = null;  // the reader's own view, given back when the story is closed
    function closeStory() {
      storyAt = null; ui.storyCard.hidden = true; layer.highlight(null);
      if (beforeStory) {
        applyState(beforeStory); beforeStory = null; update();
      } else {
        writeHash();
      }
    }
    ui.storyStart.addEventListener("click", function () {
      if (storyAt === null) { beforeStory = currentState(); }
      showStory(0);
    });
    document.addEventListener("keydown", function (e) {
      if (storyAt === null || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { return; }
      var step = {ArrowRight: 1, ArrowLeft: -1}[e.key];
      if (step) { e.preventDefault(); e.stopPropagation(); showStory(storyAt + step); }  // not Leaflet's keyboard pan
      if (e.key === "Escape") { closeStory(); }
    }, true);

    // ---- playback: animation frames; `speed` x 4 steps a second; from the first event in view ---------------
    var playing = false, stepIndex = 0, due = 0, lastFrame = 0, playFrom = lo, playTo = hi;
    function addMonths(ms, k) { var d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, d.getUTCDate()); }
    function stepEnd(k) {  // last day shown after k steps
      var unit = ui.stepUnit.value;
      return unit === "month" ? addMonths(playFrom, k) - DAY : playFrom + (unit === "week" ? 7 : 1) * k * DAY - DAY;
    }
    function windowStart(end) {  // moving window: a week of days, four weeks of weeks, three months of months
      var unit = ui.stepUnit.value;
      return unit === "month" ? addMonths(end + DAY, -3) : end - (unit === "week" ? 28 : 7) * DAY + DAY;
    }
    function showStep() {
      var end = Math.min(stepEnd(stepIndex), playTo);
      var start = ui.mode.value === "window" ? Math.max(playFrom, windowStart(end)) : playFrom;
      setDates(MM.isoDay(start), MM.isoDay(end));
      ui.play.dataset.step = String(stepIndex);
      ui.playLabel.textContent = "showing up to " + MM.isoDay(end);
      update();
      if (end >= playTo) { stop(); }
    }
    function frame(now) {
      if (!playing) { return; }
      due += (now - lastFrame) / 1000 * 4 * Number(ui.speed.value);
      lastFrame = now;
      if (due >= 1) { var k = Math.floor(due); due -= k; stepIndex += k; showStep(); }
      if (playing) { requestAnimationFrame(frame); }
    }
    function stop() {
      playing = false;
      ui.play.textContent = "▶ Play";
    }
    /* The first day any event in the current view covers (not before From). */
    function firstInView(from, to) {
      var f = currentFilter(), first = Infinity;
      f.from = from; f.to = to;
      var rows = compute(f).visible;
      for (var k = 0; k < rows.length; k++) { if (idx.start[rows[k]] < first) { first = idx.start[rows[k]]; } }
      return isFinite(first) ? Math.max(from, first) : from;
    }
    ui.play.addEventListener("click", function () {
      if (playing) { stop(); return; }
      var from = Date.parse(ui.from.value) || lo, to = Date.parse(ui.to.value) || hi;
      if (to - from < 7 * DAY) { to = hi; }
      playFrom = firstInView(from, to); playTo = to;
      stepIndex = 1; due = 0;
      playing = true;
      ui.play.textContent = "⏸ Pause";
      showStep();
      lastFrame = performance.now();
      if (playing) { requestAnimationFrame(frame); }
    });

    // ---- wiring --------------------------------------------------------------------------------------
    function fromSliders() {
      var a = Number(ui.fromSlider.value), b = Number(ui.toSlider.value);
      if (a > b) { if (this === ui.fromSlider) { b = a; } else { a = b; } }
      setDates(MM.isoDay(lo + a * DAY), MM.isoDay(lo + b * DAY));
      update();
    }
    ui.fromSlider.addEventListener("input", fromSliders);
    ui.toSlider.addEventListener("input", fromSliders);
    [ui.from, ui.to].forEach(function (input) {
      input.addEventListener("change", function () {
        var typed = input.value.trim();
        if (typed && !(/^\d{4}-\d{2}-\d{2}$/.test(typed) && !isNaN(Date.parse(typed)))) {
          input.setAttribute("aria-invalid", "true");
          input.title = "Type a date as YYYY-MM-DD";
          return;
        }
        input.removeAttribute("aria-invalid"); input.title = "";
        if (ui.from.value && ui.to.value && ui.from.value > ui.to.value) {
          if (input === ui.from) { ui.to.value = ui.from.value; } else { ui.from.value = ui.to.value; }
        }
        setDates(ui.from.value || MM.isoDay(lo), ui.to.value || MM.isoDay(hi));
        update();
      });
    });
    ui.search.addEventListener("input", function () { update(); });
    [ui.context, ui.cluster].forEach(function (b) { b.addEventListener("change", function () { update(); }); });
    GROUPS.forEach(function (g) {
      ui.boxes[g.key].forEach(function (b) { b.addEventListener("change", function () { update(); }); });
    });
    window.addEventListener("hashchange", function () {
      var s = readHash();
      if (!s) { return; }
      if (s.story && s.story - 1 !== storyAt) { showStory(s.story - 1); return; }
      if (!s.story && storyAt !== null) { closeStory(); }
      applyState(s); update(true);
    });

    var linked = readHash();
    applyState(linked || config.initial);
    update(true);
    if (linked && linked.story) { showStory(linked.story - 1); }
    MM.registry.explorer = {update: update, visibleCount: function () { return visibleCount; },
                            story: function () { return story.map(function (r) { return t.value("event_id", r); }); },
                            storyAt: function () { return storyAt; },
                            clusterCount: function () { return layer.clusters().length; }};
    return MM.registry.explorer;
  };
}(window.MaliMap));
