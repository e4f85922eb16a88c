/* Northern Mali event map: Leaflet helpers shared by the dashboard and the standalone export.
 * Every string that comes from data is inserted with textContent, never innerHTML, and links
 * are made only for http(s) URLs, so nothing in an events file can run as code. */
window.MaliMap = window.MaliMap || (function () {
  "use strict";

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

  function sourceList(props) {
    var list = el("ul", "mm-sources");
    (props.urls || []).forEach(function (raw) {
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
    var card = el("div", "mm-event");
    var head = el("div", "mm-head");
    var swatch = el("span", "mm-swatch");
    swatch.style.background = props._color;
    head.appendChild(swatch);
    head.appendChild(el("strong", null, props._when + " · " + props.location));
    card.appendChild(head);
    card.appendChild(el("div", "mm-cat", props._category_label + " · " + props.event_type +
      (props.sub_event_type ? " / " + props.sub_event_type : "")));
    card.appendChild(el("p", "mm-notes", props.notes));
    card.appendChild(rows(el("table", "mm-table"), [
      ["Actors", props._actors],
      ["Region", props.admin1],
      ["Location", props._geo_label],
      ["Date", props._time_label],
      ["Fatalities", props.fatalities ? String(props.fatalities) : ""],
      ["In the article?", props._in_article_label],
      ["Source", props.source],
      ["Event id", props.event_id]
    ]));
    card.appendChild(sourceList(props));
    return card;
  }

  function eventPopup(props, samePlace) {
    var box = el("div", "mm-popup");
    box.appendChild(eventCard(props));
    var others = (samePlace || []).filter(function (p) { return p.event_id !== props.event_id; });
    if (others.length) {
      var more = el("details", "mm-more");
      more.appendChild(el("summary", null, others.length + " other event(s) at this point"));
      others.forEach(function (p) { more.appendChild(eventCard(p)); });
      box.appendChild(more);
    }
    return box;
  }

  function markerStyle(props) {
    var p = props.geo_precision || 1;
    var base = {color: props._color, fillColor: props._color, weight: 1.5};
    if (p === 1) { return Object.assign(base, {radius: 7, fillOpacity: 0.9, color: "#ffffff"}); }
    if (p === 2) { return Object.assign(base, {radius: 12, fillOpacity: 0.25, weight: 2, dashArray: "4 3"}); }
    return Object.assign(base, {radius: 18, fillOpacity: 0.12, weight: 2, dashArray: "2 5"});
  }

  var registry = {};

  function eventsLayer(map, data, opts) {
    // The map's own canvas (preferCanvas): one canvas for regions and events, so clicks reach both.
    var byPlace = {};
    data.features.forEach(function (f) {
      if (!f.geometry) { return; }
      var key = f.geometry.coordinates.join(",");
      (byPlace[key] = byPlace[key] || []).push(f.properties);
    });
    var layer = L.geoJSON(data, {
      filter: function (f) { return !!f.geometry; },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, markerStyle(f.properties)); },
      onEachFeature: function (f, lyr) {
        var key = f.geometry.coordinates.join(",");
        lyr.bindPopup(function () { return eventPopup(f.properties, byPlace[key]); }, {maxWidth: 380, maxHeight: 420});
        lyr.bindTooltip(el("span", null, f.properties._when + " · " + f.properties.location + " · " +
          f.properties._category_label));
      }
    });
    layer.addTo(map);
    if (opts && opts.fit && layer.getLayers().length) {
      map.fitBounds(layer.getBounds().pad(0.3), {maxZoom: 7});
    }
    registry.events = layer;
    registry.eventData = data;
    return layer;
  }

  function regionsLayer(map, data, opts) {
    var layer = L.geoJSON(data, {
      attribution: opts.attribution,
      style: function (f) {
        return {color: "#555555", weight: 1, fillColor: f.properties._fill, fillOpacity: 0.55};
      },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(el("span", null, f.properties._label));
        var box = el("div", "mm-popup");
        box.appendChild(el("strong", null, f.properties._label));
        (f.properties._notes || []).forEach(function (line) { box.appendChild(el("p", null, line)); });
        lyr.bindPopup(box, {maxWidth: 340});
      }
    });
    layer.addTo(map);
    if (opts.fit && layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), {animate: false});  // no zoom animation: the map is usable at once
    }
    return layer;
  }

  function basemapLayer(map, data, opts) {
    var layer = L.geoJSON(data, {
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
    row.appendChild(el("span", null, label));
    box.appendChild(row);
  }

  function legend(map, spec) {
    var ctl = L.control({position: "bottomright"});
    ctl.onAdd = function () {
      var box = el("details", "mm-legend leaflet-control");
      box.open = map.getSize().x >= 760;
      box.appendChild(el("summary", null, spec.title));
      spec.categories.forEach(function (c) { swatchRow(box, c.color, c.label + " (" + c.count + ")"); });
      box.appendChild(el("strong", null, "Location precision"));
      swatchRow(box, "#333333", "solid dot: exact place");
      swatchRow(box, null, "dashed ring: near this place", "ring");
      swatchRow(box, null, "wide dashed ring: region only", "wide-ring");
      box.appendChild(el("strong", null, spec.status_title));
      spec.statuses.forEach(function (s) { swatchRow(box, s.color, s.label, "square"); });
      box.appendChild(el("div", "mm-note", spec.frame_note));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    return ctl;
  }

  function style(css) {
    if (document.getElementById("mm-style")) { return; }
    var node = el("style");
    node.id = "mm-style";
    node.textContent = css;
    document.head.appendChild(node);
  }

  return {registry: registry, el: el, safeUrl: safeUrl, eventsLayer: eventsLayer, regionsLayer: regionsLayer,
          basemapLayer: basemapLayer, legend: legend, style: style, eventPopup: eventPopup};
}());
