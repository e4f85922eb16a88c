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

  function prepare(features) {
    return features.map(function (f, i) {
      var p = f.properties, span = MM.interval(p);
      return {
        i: i, f: f, p: p, start: span[0], end: span[1], placed: !!f.geometry,
        category: [p.category || ""], event_type: [p.event_type || ""], admin1: [p.admin1 || ""], admin2: [p.admin2 || ""],
        actors: MM.actorList(p),
        context: p.category === "context" || p.in_article === "context",
        text: fold([p.location, p.admin1, p.admin2, p.actor1, p.actor2, p.assoc_actor_1, p.assoc_actor_2,
                    p._actor_labels, p.notes, p.event_id].join(" "))
      };
    });
  }

  function options(events, key) {
    var counts = {};
    events.forEach(function (e) { e[key].forEach(function (v) { if (v) { counts[v] = (counts[v] || 0) + 1; } }); });
    return Object.keys(counts).sort(function (a, b) { return a.localeCompare(b); })
      .map(function (v) { return {value: v, count: counts[v]}; });
  }

  function labelled(input, text) {
    var label = el("label", "mm-check");
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + text));
    return label;
  }

  MM.explorer = function (map, data, config) {
    if (data && typeof data.then === "function") {  // compressed events: start once they are decoded
      return data.then(function (decoded) { return MM.explorer(map, decoded, config); });
    }
    var events = prepare(data.features);
    var byPlace = {};  // "lon,lat" -> events there, for the popup's list of other visible events at the point
    var lo = Math.min.apply(null, events.map(function (e) { return e.start; }));
    var hi = Math.max.apply(null, events.map(function (e) { return e.end; }));
    var spanDays = Math.round((hi - lo) / DAY);
    var ia = events.filter(function (e) { return e.p.category === "interim_authority" && e.p.ia_status; })
      .sort(function (a, b) { return a.start - b.start; });

    // Markers are made once; a filter change only adds or removes them.
    var dots = L.featureGroup(), halos = L.layerGroup(), clusters = L.layerGroup();
    events.forEach(function (e) {
      if (!e.placed) { return; }
      var ll = L.latLng(e.f.geometry.coordinates[1], e.f.geometry.coordinates[0]);
      e.marker = L.circleMarker(ll, MM.markerStyle(e.p));
      e.marker.feature = e.f;
      var key = e.f.geometry.coordinates.join(",");
      (byPlace[key] = byPlace[key] || []).push(e);
      MM.bindEvent(e.marker, e.f, function () {
        return byPlace[key].filter(function (o) { return o.visible; }).map(function (o) { return o.p; });
      });
      e.halo = MM.halo(e.p, ll);
    });
    halos.addTo(map); dots.addTo(map); clusters.addTo(map);
    MM.registry.events = dots;

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
    if (placeLine) { root.appendChild(placeLine); }

    var dates = el("fieldset", "mm-dates");
    dates.appendChild(el("legend", null, "Dates"));
    function dateInput(id, text) {
      var input = el("input"); input.type = "date"; input.id = id;
      input.min = MM.isoDay(lo); input.max = MM.isoDay(hi);
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
    [["day", "day by day"], ["week", "week by week"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; ui.stepUnit.appendChild(opt);
    });
    ui.stepUnit.value = spanDays > 120 ? "week" : "day";
    ui.mode = el("select"); ui.mode.id = "mm-mode"; ui.mode.setAttribute("aria-label", "Window");
    [["cumulative", "cumulative"], ["window", "moving window"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; ui.mode.appendChild(opt);
    });
    ui.playLabel = el("span", "mm-play-label", "");
    [ui.play, ui.stepUnit, ui.mode, ui.playLabel].forEach(function (n) { play.appendChild(n); });
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
      ui.boxes[g.key] = options(events, g.key).map(function (o) {
        var input = el("input"); input.type = "checkbox"; input.value = o.value; input.checked = true;
        var text = g.key === "category" ? (config.categories[o.value] || o.value) : o.value;
        box.appendChild(labelled(input, text + " (" + o.count + ")"));
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
      return s;
    }
    function writeHash() {
      var params = new URLSearchParams();
      params.set("from", ui.from.value); params.set("to", ui.to.value);
      GROUPS.forEach(function (g) { (checked(g.key) || []).forEach(function (v) { params.append(g.hash, v); }); });
      if (ui.search.value) { params.set("q", ui.search.value); }
      params.set("context", ui.context.checked ? "1" : "0");
      if (ui.cluster.checked) { params.set("cluster", "1"); }
      history.replaceState(null, "", "#" + params.toString());
    }

    // ---- filtering, drawing --------------------------------------------------------------------------
    function passes(e, f) {
      if (e.end < f.from || e.start > f.to) { return false; }
      if (!f.context && e.context) { return false; }
      if (placeNames.length && !places[fold(e.p.location || "")]) { return false; }
      for (var i = 0; i < GROUPS.length; i++) {
        var want = f.groups[GROUPS[i].key];
        if (want && !e[GROUPS[i].key].some(function (v) { return want[v]; })) { return false; }
      }
      return !f.q || e.text.indexOf(f.q) >= 0;
    }
    function currentFilter() {
      var f = {from: Date.parse(ui.from.value) || lo, to: Date.parse(ui.to.value) || hi, groups: {},
               context: ui.context.checked, q: fold(ui.search.value.trim())};
      GROUPS.forEach(function (g) {
        var on = checked(g.key);
        if (on) { f.groups[g.key] = {}; on.forEach(function (v) { f.groups[g.key][v] = true; }); }
      });
      return f;
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
    function cluster(visible) {
      var zoom = map.getZoom(), cells = {};
      visible.forEach(function (e) {
        var pt = map.project(e.marker.getLatLng(), zoom);
        var key = Math.floor(pt.x / 44) + ":" + Math.floor(pt.y / 44);
        (cells[key] = cells[key] || []).push(e);
      });
      Object.keys(cells).forEach(function (key) {
        var members = cells[key];
        if (members.length === 1 || zoom >= map.getMaxZoom()) {
          members.forEach(function (e) { dots.addLayer(e.marker); if (e.halo) { halos.addLayer(e.halo); } });
          return;
        }
        var bounds = L.latLngBounds(members.map(function (e) { return e.marker.getLatLng(); }));
        var icon = L.divIcon({className: "mm-cluster", html: "", iconSize: [30, 30]});
        var marker = L.marker(bounds.getCenter(), {icon: icon, keyboard: false});
        marker.count = members.length;
        marker.on("add", function () { marker.getElement().textContent = String(members.length); });
        marker.on("click", function () {
          if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
            L.popup({maxWidth: 380, maxHeight: 420}).setLatLng(bounds.getCenter())
              .setContent(MM.eventPopup(members[0].p, members.map(function (e) { return e.p; }))).openOn(map);
          } else {
            map.fitBounds(bounds.pad(0.5), {maxZoom: zoom + 3});
          }
        });
        marker.bindTooltip(el("span", null, members.length + " events"));
        clusters.addLayer(marker);
      });
    }
    function renderList(visible) {
      while (ui.list.firstChild) { ui.list.removeChild(ui.list.firstChild); }
      visible.slice(0, 300).forEach(function (e) {
        var v = MM.describe(e.p);
        var li = el("li", e.placed ? null : "mm-unplaced",
                    v.when + " · " + (e.p.location || "?") + " · " + v.category + (e.placed ? "" : " (not on the map)"));
        if (e.placed) {
          li.tabIndex = 0;
          li.addEventListener("click", function () {
            map.setView(e.marker.getLatLng(), Math.max(map.getZoom(), 7), {animate: false});
            if (!dots.hasLayer(e.marker)) { dots.addLayer(e.marker); }
            e.marker.openPopup();
          });
        }
        ui.list.appendChild(li);
      });
      if (visible.length > 300) { ui.list.appendChild(el("li", "mm-more-items", "… and " + (visible.length - 300) + " more")); }
    }
    var visibleCount = 0;
    function update(skipHash) {
      var f = currentFilter();
      var visible = events.filter(function (e) { e.visible = passes(e, f); return e.visible; });
      var placed = visible.filter(function (e) { return e.placed; });
      dots.clearLayers(); halos.clearLayers(); clusters.clearLayers();
      if (ui.cluster.checked) {
        cluster(placed);
      } else {
        placed.forEach(function (e) { dots.addLayer(e.marker); if (e.halo) { halos.addLayer(e.halo); } });
      }
      visibleCount = visible.length;
      count.textContent = visible.length + " of " + events.length + " events";
      var counts = {};
      placed.forEach(function (e) { counts[e.p.category] = (counts[e.p.category] || 0) + 1; });
      if (MM.registry.legend) {
        MM.registry.legend.setCounts(counts, placed.length, "Interim authority, " + MM.isoDay(f.to));
      }
      regionStatus(f.to);
      var perCercle = {};
      placed.forEach(function (e) { if (e.p.admin2) { perCercle[e.p.admin2] = (perCercle[e.p.admin2] || 0) + 1; } });
      MM.setCercleCounts(perCercle);
      renderList(visible);
      if (!skipHash) { writeHash(); }
    }

    // ---- playback ------------------------------------------------------------------------------------
    var timer = null, cursor = 0, playFrom = lo, playTo = hi;
    function stepMs() { return (ui.stepUnit.value === "week" ? 7 : 1) * DAY; }
    function windowMs() { return (ui.stepUnit.value === "week" ? 28 : 7) * DAY; }  // moving window: 4 weeks or 7 days
    function tick() {
      cursor += stepMs();
      var end = Math.min(cursor, playTo);
      var start = ui.mode.value === "window" ? Math.max(playFrom, end - windowMs() + DAY) : playFrom;
      setDates(MM.isoDay(start), MM.isoDay(end));
      ui.play.dataset.step = String(Number(ui.play.dataset.step) + 1);
      ui.playLabel.textContent = "showing up to " + MM.isoDay(end);
      update();
      if (end >= playTo) { stop(); }
    }
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      ui.play.textContent = "▶ Play";
    }
    ui.play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      playFrom = Date.parse(ui.from.value) || lo;
      playTo = Date.parse(ui.to.value) || hi;
      if (playTo - playFrom < stepMs()) { playTo = hi; }
      cursor = playFrom - DAY;  // the first step shows the first day (or week)
      ui.play.dataset.step = "0";
      ui.play.textContent = "⏸ Pause";
      tick();
      timer = setInterval(tick, config.tickMs || 800);
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
    map.on("zoomend", function () { if (ui.cluster.checked) { update(true); } });
    window.addEventListener("hashchange", function () { var s = readHash(); if (s) { applyState(s); update(true); } });

    applyState(readHash() || config.initial);
    update(true);
    MM.registry.explorer = {update: update, visibleCount: function () { return visibleCount; },
                            clusterCount: function () { return clusters.getLayers().length; }};
    return MM.registry.explorer;
  };
}(window.MaliMap));
