/* Northern Mali event map: Leaflet helpers shared by the dashboard and the standalone export.
 * Every string that comes from data is inserted with textContent, never innerHTML, and links
 * are made only for http(s) URLs, so nothing in an events file can run as code. */
window.MaliMap = window.MaliMap || (function () {
  "use strict";

  var labels = {categories: {}, colors: {}, in_article: {}, geo_precision: {}, time_precision: {}};
  var registry = {};
  var DAY = 86400000;

  function configure(spec) { labels = spec; }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(raw) {
    try {
      var url = new URL(String(raw));
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  /* A story step's one line: the note's first sentence, cut at a word near 160 characters (geo/story.py). */
  var SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9ÀÂÉÈÊÎÔÛÇ"“(])/;
  function summary(notes) {
    var text = String(notes || "").split(/\s+/).filter(Boolean).join(" ");
    var first = text.split(SENTENCE_END)[0];
    if (first.length <= 160) { return first; }
    var cut = first.slice(0, 161), space = cut.lastIndexOf(" ");
    return (space > 0 ? cut.slice(0, space) : cut).replace(/[,;:]+$/, "") + "…";
  }

  /* Display strings for one event, computed here so the embedded data stays plain ACLED-style GeoJSON. */
  function describe(props) {
    var when = props.date_end && props.date_end !== props.event_date ?
      props.event_date + " to " + props.date_end : props.event_date;
    var main = [props.actor1, props.actor2].filter(Boolean).join(" vs ");
    var gp = props.geo_precision || 1, tp = props.time_precision || 1;
    var blocked = props.category === "interim_authority" && props.ia_status === "blocked";
    var geo = (props.location || "") + " (" + (labels.geo_precision[gp] || "?") + ")";
    if (props.geo_source) { geo += "; coordinates: " + props.geo_source; }
    return {
      when: when,
      color: blocked ? labels.colors.interim_authority_blocked : labels.colors[props.category] || "#000000",
      blocked: blocked,
      category: labels.categories[props.category] || props.category || "",
      actors: props.assoc_actor_1 ? main + " (with " + props.assoc_actor_1 + ")" : main,
      geo: geo,
      time: when + " (" + (labels.time_precision[tp] || "?") + ")",
      approxTime: tp > 1,
      inArticle: labels.in_article[props.in_article] || props.in_article || "not stated",
      urls: String(props.source_urls || "").split(/\s+/).filter(Boolean)
    };
  }

  function rows(table, pairs) {
    pairs.forEach(function (pair) {
      if (pair[1] === "" || pair[1] === null || pair[1] === undefined) { return; }
      var tr = el("tr");
      tr.appendChild(el("th", null, pair[0]));
      tr.appendChild(el("td", null, pair[1]));
      table.appendChild(tr);
    });
    return table;
  }

  function sourceList(urls) {
    var list = el("ul", "mm-sources");
    urls.forEach(function (raw) {
      var li = el("li");
      var href = safeUrl(raw);
      if (href) {
        var a = el("a", null, raw);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "mm-badlink", raw + " (not a web link)"));
      }
      list.appendChild(li);
    });
    return list;
  }

  function eventCard(props) {
    var v = describe(props);
    var card = el("div", "mm-event");
    var head = el("div", "mm-head");
    var swatch = el("span", "mm-swatch");
    swatch.style.background = v.color;
    head.appendChild(swatch);
    head.appendChild(el("strong", null, v.when + " · " + (props.location || "")));
    card.appendChild(head);
    card.appendChild(el("div", "mm-cat", v.category + " · " + (props.event_type || "") +
      (props.sub_event_type ? " / " + props.sub_event_type : "")));
    card.appendChild(el("p", "mm-notes", props.notes));
    card.appendChild(rows(el("table", "mm-table"), [
      ["Actors", v.actors],
      ["Region", props.admin1],
      ["Location", v.geo],
      ["Date", v.time + (v.approxTime ? " — approximate" : "")],
      ["Fatalities", props.fatalities ? String(props.fatalities) : ""],
      ["In the article?", v.inArticle],
      ["Source", props.source],
      ["Event id", props.event_id],
      ["From file", props.source_file],
      ["Possible duplicate of", props.possible_duplicate_of]
    ]));
    card.appendChild(sourceList(v.urls));
    return card;
  }

  function eventPopup(props, samePlace) {
    var box = el("div", "mm-popup");
    box.appendChild(eventCard(props));
    var others = (samePlace || []).filter(function (p) { return p.event_id !== props.event_id; });
    if (others.length) {
      var more = el("details", "mm-more");
      more.appendChild(el("summary", null, others.length + " other event(s) at this point"));
      more.open = others.length <= 12;  // stacked events are listed at once, not hidden behind a click
      others.forEach(function (p) { more.appendChild(eventCard(p)); });
      box.appendChild(more);
    }
    return box;
  }

  function tooltipText(props) {
    var v = describe(props);
    return v.when + " · " + (props.location || "") + " · " + v.category;
  }

  function markerStyle(props) {
    var p = props.geo_precision || 1, v = describe(props);
    var base = {color: v.color, fillColor: v.color, weight: 1.5, shape: v.blocked ? "square" : "circle"};
    var fade = v.approxTime ? 0.45 : 1;
    if (p === 1) { return Object.assign(base, {radius: 7, fillOpacity: 0.9 * fade, color: "#ffffff"}); }
    if (p === 2) { return Object.assign(base, {radius: 6, fillOpacity: 0.5 * fade, weight: 2, dashArray: "3 2"}); }
    return Object.assign(base, {radius: 6, fillOpacity: 0.2 * fade, weight: 2, dashArray: "2 3"});
  }

  /* The events of the dashboard's map: a table (or a Promise of one) drawn by MaliMap.PointsLayer. The group is
   * returned at once, so st_folium hooks its click handler on it; the points layer's clicks are forwarded. */
  function eventsLayer(map, data, opts) {
    var group = L.layerGroup().addTo(map);
    MaliMap.when(data, function (table) {
      var rows = opts.visible !== undefined ? MaliMap.bitRows(opts.visible, table.n) : null;
      var layer = new MaliMap.PointsLayer(table, opts, rows);
      layer.on("click", function (e) { group.fire("click", e); });
      group.addLayer(layer);
      registry.events = layer;
      registry.eventData = table;
    });
    return group;
  }

  /* The outlines share one canvas per map: drawn straight, without an SVG element per polygon to build and
   * style (the page's largest fixed cost at first paint); hover, tooltips and popups work as with SVG. */
  function outlines(map) {
    return map._mmOutlines || (map._mmOutlines = L.canvas({padding: 0.3}));
  }

  function regionsLayer(map, data, opts) {
    var layer = L.geoJSON(data, {
      renderer: outlines(map),
      attribution: opts.attribution,
      style: function (f) {
        return {color: "#555555", weight: 1, fillColor: f.properties._fill, fillOpacity: 0.55};
      },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(el("span", null, f.properties._label));
        lyr.bindPopup(function () {
          var box = el("div", "mm-popup");
          box.appendChild(el("strong", null, f.properties._label));
          (f.properties._notes || []).forEach(function (line) { box.appendChild(el("p", null, line)); });
          return box;
        }, {maxWidth: 340});
      }
    });
    layer.addTo(map);
    registry.regions = layer;
    // each region's name, always on the map: a non-interactive marker at the polygon's centre (the text set as
    // text, never parsed)
    var labelsGroup = L.layerGroup();
    layer.eachLayer(function (lyr) {
      var name = lyr.feature.properties._label, centre = L.geoJSON(lyr.feature).getBounds().getCenter();
      if (lyr.getCenter && lyr.feature.geometry.type === "Polygon") {
        try { centre = L.PolyUtil.polygonCenter(lyr.getLatLngs()[0], L.CRS.EPSG3857); } catch (e) { /* keep bounds */ }
      }
      var label = el("span", null, name);
      labelsGroup.addLayer(L.marker(centre, {icon: L.divIcon({className: "mm-region-label", html: label,
                                                              iconSize: null}),
                                             interactive: false, keyboard: false}));
    });
    labelsGroup.addTo(map);
    return layer;
  }

  /* Cercle outlines (admin-2) with their event counts in the tooltip; setCercleCounts updates them. */
  function cerclesLayer(map, data, opts) {
    var layer = L.geoJSON(data, {
      renderer: outlines(map),
      style: function (f) {
        var p = f.properties;
        return {color: "#6b6b6b", weight: 0.6, dashArray: "3 3", fillColor: p._fill || "#ffffff",
                fillOpacity: p._fill ? 0.6 : 0};
      },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(function () {
          var p = f.properties;
          return el("span", null, p._label + " (cercle, " + p.region + "): " + (p._count || 0) + " events in view");
        }, {sticky: true});
      }
    });
    layer.addTo(map);
    registry.cercles = layer;
    return layer;
  }

  /* The outlines' fills, notes and counts for the current filters, by feature position (mapmaker.Restyle). */
  function restyle(spec) {
    function apply(layer, styles, style) {
      if (!layer || !styles) { return; }
      layer.eachLayer(function (lyr) {
        var s = styles[lyr.feature.properties._i];
        if (!s) { return; }
        Object.keys(s).forEach(function (k) { lyr.feature.properties[k] = s[k]; });
        lyr.setStyle(style(lyr.feature.properties));
      });
    }
    apply(registry.regions, spec.regions, function (p) { return {fillColor: p._fill}; });
    apply(registry.cercles, spec.cercles, function (p) {
      return {fillColor: p._fill || "#ffffff", fillOpacity: p._fill ? 0.6 : 0};
    });
  }

  function setCercleCounts(counts) {
    if (!registry.cercles) { return; }
    registry.cercles.eachLayer(function (lyr) { lyr.feature.properties._count = counts[lyr.feature.properties._label] || 0; });
  }

  /* No zoom animation, so the map is usable at once; room is left for the export's filter panel and,
   * on maps at least 760 px wide, for the open legend. */
  function fit(map, bounds, paddingTopLeft) {
    var wide = map.getSize().x >= 760;  // narrower: the export's panel starts folded and the legend closed
    map.fitBounds(bounds, {animate: false, paddingTopLeft: wide ? paddingTopLeft : [0, 0],
                           paddingBottomRight: wide ? [260, 0] : [0, 0]});
  }

  /* A control on a map, or on whatever map a layer group (st_folium's swapped group) is added to. */
  function attachControl(ctl, parent) {
    if (parent instanceof L.Map) { ctl.addTo(parent); return; }
    parent.on("add", function () { ctl.addTo(parent._map); });
    parent.on("remove", function () { ctl.remove(); });
  }

  function basemapLayer(map, data, opts) {
    var layer = L.geoJSON(data, {
      renderer: outlines(map),
      attribution: opts.attribution,
      interactive: false,
      style: function () { return {color: "#9a9a9a", weight: 1, fillColor: "#e8e4da", fillOpacity: 1}; }
    });
    return layer.addTo(map);
  }

  function swatchRow(box, color, label, shape) {
    var row = el("div", "mm-legend-row");
    var sw = el("span", "mm-swatch" + (shape ? " mm-" + shape : ""));
    if (shape === "ring" || shape === "wide-ring") { sw.style.borderColor = "#333333"; } else { sw.style.background = color; }
    row.appendChild(sw);
    var text = el("span", null, label);
    row.appendChild(text);
    box.appendChild(row);
    return text;
  }

  /* Legend; returns {setCounts(counts, total)} so the export can keep category counts in step with filters. */
  function legend(map, spec) {
    var ctl = L.control({position: "bottomright"}), countNodes = {}, titleNode;
    ctl.onAdd = function (owner) {
      var box = el("details", "mm-legend leaflet-control");
      box.open = owner.getSize().x >= 760;
      titleNode = el("summary", null, spec.title);
      box.appendChild(titleNode);
      spec.categories.forEach(function (c) {
        countNodes[c.key] = swatchRow(box, c.color, c.label + " (" + c.count + ")", c.shape);
      });
      box.appendChild(el("strong", null, "Location precision"));
      swatchRow(box, "#333333", "solid dot: exact place");
      swatchRow(box, null, "dashed halo (15 km): near this place", "ring");
      swatchRow(box, null, "wide dotted halo (75 km): region only", "wide-ring");
      box.appendChild(el("div", "mm-note", "Faded marker: date known only to the week or month."));
      box.appendChild(el("strong", null, spec.status_title));
      spec.statuses.forEach(function (s) { swatchRow(box, s.color, s.label, "square"); });
      box.appendChild(el("div", "mm-note", spec.frame_note));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    attachControl(ctl, map);
    /* Popups open clear of the legend (bottom right) and of the export's panel (top left): padded pan. */
    function clear(e) {
      var box = ctl.getContainer(), owner = ctl._map, panel = document.getElementById("mm-panel");
      if (!box || !owner || !e.popup) { return; }
      var right = box.offsetWidth + 20, left = panel && panel.offsetWidth && !panel.classList.contains("mm-collapsed") ?
        panel.offsetLeft + panel.offsetWidth + 10 : 10;
      if (left + right + 200 > owner.getSize().x) { return; }  // too narrow to keep both clear: Leaflet's default
      e.popup.options.autoPanPaddingTopLeft = L.point(left, 10);
      e.popup.options.autoPanPaddingBottomRight = L.point(right, box.offsetHeight + 20);
      if (e.popup._adjustPan) { e.popup._adjustPan(); }
    }
    var target = map instanceof L.Map ? map : null;
    if (target) { target.on("popupopen", clear); } else {
      map.on("add", function () { map._map.on("popupopen", clear); });
      map.on("remove", function () { if (map._map) { map._map.off("popupopen", clear); } });
    }
    ctl.setCounts = function (counts, onMap, statusTitle) {
      spec.categories.forEach(function (c) {
        if (countNodes[c.key]) { countNodes[c.key].textContent = c.label + " (" + (counts[c.key] || 0) + ")"; }
      });
      if (titleNode) { titleNode.textContent = "Events on the map (" + onMap + ")"; }
      if (statusTitle && ctl.getContainer()) {
        var heads = ctl.getContainer().querySelectorAll("strong");
        heads[heads.length - 1].textContent = statusTitle;
      }
    };
    registry.legend = ctl;
    return ctl;
  }

  function style(css) {
    if (document.getElementById("mm-style")) { return; }
    var node = el("style");
    node.id = "mm-style";
    node.textContent = css;
    document.head.appendChild(node);
  }

  return {registry: registry, configure: configure, el: el, safeUrl: safeUrl, isoDay: isoDay,
          summary: summary, sourceList: sourceList,
          describe: describe, eventPopup: eventPopup, tooltipText: tooltipText,
          markerStyle: markerStyle,
          eventsLayer: eventsLayer, regionsLayer: regionsLayer, cerclesLayer: cerclesLayer,
          setCercleCounts: setCercleCounts, restyle: restyle, basemapLayer: basemapLayer, legend: legend, fit: fit,
          style: style, DAY: DAY};
}());
