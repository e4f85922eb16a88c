/* All event points on one canvas: no Leaflet object per event, so 250,000 events draw in one pass.
 * Positions are projected once (zoom 0) and scaled per frame; points are bucketed by style (category in
 * importance order, location precision, approximate date) so each bucket is one path; a point landing in
 * the 3x3-pixel cell of a point its bucket already painted is skipped (it would look the same). Clicks and
 * hovers are found by distance, topmost first; popups and tooltips are built on demand from the columns. */
(function (MM) {
  "use strict";
  var RANK = {context: 0, political: 1, joint_patrol: 2, disruption: 3, interim_authority: 4};
  var CELL = 44;  // cluster cell, px

  function Marker(layer, i) {  // a Leaflet-marker-like view of one event (tests, st_folium's click handler)
    var t = layer._t;
    this._layer = layer; this.index = i; this._map = layer._map;
    this.feature = {type: "Feature", id: t.value("event_id", i), properties: t.row(i),
                    geometry: {type: "Point", coordinates: [layer._lon[i], layer._lat[i]]}};
  }
  Marker.prototype.getLatLng = function () { return L.latLng(this._layer._lat[this.index], this._layer._lon[this.index]); };
  Marker.prototype.openPopup = function () { this._layer.openPopup(this.index); return this; };
  Marker.prototype.closePopup = function () { this._layer._popup.close(); return this; };
  Marker.prototype.getPopup = function () { return this._layer._popup; };
  Marker.prototype.openTooltip = function () { this._layer.openTooltip(this.index); return this; };
  Marker.prototype.closeTooltip = function () { this._layer._tip.close(); return this; };
  Marker.prototype.getTooltip = function () { return this._layer._tip; };
  Marker.prototype.toGeoJSON = function () { return this.feature; };

  /* Projected positions (zoom 0) and a style key per row: category rank, category, precision, fade. */
  function prepare(t) {
    var n = t.n, lat = t.numbers("latitude"), lon = t.numbers("longitude");
    var px = new Float64Array(n), py = new Float64Array(n), style = new Uint8Array(n), styles = [], placed = [];
    var blockedRows = new Uint8Array(n);  // blocked interim authorities: their own symbol and legend row
    var cats = t.codes("category"), catValues = t.values("category");
    var gp = t.numbers("geo_precision"), tp = t.numbers("time_precision");
    var ia = t.codes("ia_status"), iaValues = t.values("ia_status");
    for (var i = 0; i < n; i++) {
      if (isNaN(lat[i]) || isNaN(lon[i])) { style[i] = 255; continue; }
      var p = L.CRS.EPSG3857.latLngToPoint(L.latLng(lat[i], lon[i]), 0);
      px[i] = p.x; py[i] = p.y;
      var cat = cats[i] < 0 ? "" : catValues[cats[i]];
      var prec = Math.min(3, Math.max(1, gp[i] || 1)), fade = (tp[i] || 1) > 1 ? 1 : 0;
      var blocked = cat === "interim_authority" && ia[i] >= 0 && iaValues[ia[i]] === "blocked";
      blockedRows[i] = blocked ? 1 : 0;
      var slot = blocked ? 7 : (cats[i] + 1) & 7;
      var key = (RANK[cat] || 0) * 48 + slot * 6 + (prec - 1) * 2 + fade;  // < 240
      if (!styles[key]) {
        styles[key] = MM.markerStyle({category: cat, ia_status: blocked ? "blocked" : "", geo_precision: prec,
                                      time_precision: fade ? 2 : 1});
        styles[key].precision = prec;
      }
      style[i] = key;
      placed.push(i);
    }
    // rows at exactly the same coordinates share a place number (computed once per table, for the stacks)
    var place = new Int32Array(n).fill(-1), seen = new Map(), places = 0;
    for (var k = 0; k < placed.length; k++) {
      var r = placed[k], key = px[r] * 1e7 + py[r], id = seen.get(key);
      if (id === undefined) { id = places++; seen.set(key, id); }
      place[r] = id;
    }
    return {lat: lat, lon: lon, px: px, py: py, style: style, styles: styles, all: Int32Array.from(placed),
            place: place, places: places, blocked: blockedRows};
  }

  MM.PointsLayer = L.Layer.extend({
    initialize: function (table, options, rows) {
      L.setOptions(this, options);
      this._t = table;
      var prep = table._points || (table._points = prepare(table));  // once per table, not per dashboard rerun
      this._lat = prep.lat; this._lon = prep.lon; this._px = prep.px; this._py = prep.py;
      this._style = prep.style; this._styles = prep.styles; this._all = prep.all;
      this._place = prep.place; this._places = prep.places; this._blocked = prep.blocked;
      this._popup = L.popup({maxWidth: 380, maxHeight: 420, autoPanPaddingTopLeft: [10, 10]});
      this._tip = L.tooltip({direction: "top", offset: [0, -6]});
      this._clustered = false;
      this.paintCount = 0;
      this._highlight = options && options.highlight !== undefined ? options.highlight : null;
      this.setVisible(rows || null, true);
    },

    /* Show exactly these rows (unplaced ones are ignored); null = every placed row. Redraws at once. */
    setVisible: function (rows, quiet) {
      var src = rows || this._all, style = this._style, counts = new Int32Array(256), keep = 0, i;
      for (i = 0; i < src.length; i++) { if (style[src[i]] !== 255) { counts[style[src[i]]]++; keep++; } }
      var starts = new Int32Array(257);
      for (i = 0; i < 256; i++) { starts[i + 1] = starts[i] + counts[i]; }
      var order = new Int32Array(keep), fill = starts.slice(0, 256);
      for (i = 0; i < src.length; i++) { var s = style[src[i]]; if (s !== 255) { order[fill[s]++] = src[i]; } }
      this._order = order; this._starts = starts;
      this._stacks = this._findStacks(order);
      if (!quiet) { this.redraw(); }
      return this;
    },
    /* Shown events sharing exact coordinates: drawn as one point ringed by their categories, with a count. */
    _findStacks: function (rows) {  // typed counts per place number: no hashing per filter change
      var count = new Int32Array(this._places), place = this._place, k, stacks = [], at = {};
      for (k = 0; k < rows.length; k++) { count[place[rows[k]]]++; }
      for (k = 0; k < rows.length; k++) {
        var p = place[rows[k]];
        if (count[p] < 2) { continue; }
        if (at[p] === undefined) { at[p] = stacks.length; stacks.push({rows: []}); }
        stacks[at[p]].rows.push(rows[k]);
      }
      return stacks;
    },
    stacks: function () {
      return this._stacks.map(function (g) {
        return {count: g.rows.length, lat: this._lat[g.rows[0]], lon: this._lon[g.rows[0]]};
      }, this);
    },
    _drawStacks: function (ctx, f, w, h) {
      ctx.font = "700 10px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      this._stacks.forEach(function (g) {
        var i = g.rows[0], x = this._px[i] * f.scale - f.ox, y = this._py[i] * f.scale - f.oy;
        if (x < -20 || y < -20 || x > w + 20 || y > h + 20) { return; }
        var colors = {}, n = g.rows.length, start = -Math.PI / 2;
        g.rows.forEach(function (j) { var c = this._styles[this._style[j]].fillColor; colors[c] = (colors[c] || 0) + 1; }, this);
        ctx.lineWidth = 3.5;
        Object.keys(colors).forEach(function (c) {
          var end = start + 2 * Math.PI * colors[c] / n;
          ctx.beginPath(); ctx.arc(x, y, 10.5, start, end); ctx.strokeStyle = c; ctx.stroke();
          start = end;
        });
        var label = n > 99 ? "99+" : String(n);
        ctx.beginPath(); ctx.arc(x + 10, y - 10, 7.5, 0, 2 * Math.PI);
        ctx.fillStyle = "#222222"; ctx.fill(); ctx.lineWidth = 1.5; ctx.strokeStyle = "#ffffff"; ctx.stroke();
        ctx.fillStyle = "#ffffff"; ctx.fillText(label, x + 10, y - 9.5);
      }, this);
    },
    /* One event ringed in yellow and black (the story's current step); null clears it. */
    highlight: function (row) { this._highlight = row; this.redraw(); return this; },
    _drawHighlight: function (ctx, f) {
      var i = this._highlight;
      if (i === null || i === undefined || this._style[i] === 255) { return; }
      var x = this._px[i] * f.scale - f.ox, y = this._py[i] * f.scale - f.oy;
      ctx.beginPath(); ctx.arc(x, y, 16, 0, 2 * Math.PI);
      ctx.lineWidth = 6; ctx.strokeStyle = "#111111"; ctx.stroke();
      ctx.lineWidth = 3; ctx.strokeStyle = "#ffd500"; ctx.stroke();
    },
    setClustered: function (on) { this._clustered = !!on; this.redraw(); return this; },
    visibleCount: function () { return this._order.length; },

    onAdd: function (map) {
      if (!map.getPane("mmPoints")) {
        var pane = map.createPane("mmPoints");
        pane.style.zIndex = 450; pane.style.pointerEvents = "none";
      }
      this._canvas = L.DomUtil.create("canvas", "mm-points leaflet-zoom-" + (map._zoomAnimated ? "animated" : "hide"));
      map.getPane("mmPoints").appendChild(this._canvas);
      this._ctx = this._canvas.getContext("2d");
      this._onClickDom = this._onClickDom.bind(this);
      this._onMoveDom = this._onMoveDom.bind(this);
      map.getContainer().addEventListener("click", this._onClickDom, true);
      map.getContainer().addEventListener("mousemove", this._onMoveDom, true);
      this._reset();
    },
    onRemove: function (map) {
      map.getContainer().removeEventListener("click", this._onClickDom, true);
      map.getContainer().removeEventListener("mousemove", this._onMoveDom, true);
      L.DomUtil.remove(this._canvas);
      this._popup.close(); this._tip.close();
    },
    getEvents: function () {
      var events = {moveend: this._reset, resize: this._reset, zoomend: this._reset, viewreset: this._reset};
      if (this._map && this._map._zoomAnimated) { events.zoomanim = this._animateZoom; }
      return events;
    },
    _animateZoom: function (e) {
      var map = this._map, scale = map.getZoomScale(e.zoom, map.getZoom());
      var offset = map._latLngToNewLayerPoint(this._topLeft, e.zoom, e.center);
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
      this._topLeft = map.containerPointToLatLng([0, 0]);
      L.DomUtil.setPosition(this._canvas, map.containerPointToLayerPoint([0, 0]));
      this._canvas.width = size.x * ratio; this._canvas.height = size.y * ratio;
      this._canvas.style.width = size.x + "px"; this._canvas.style.height = size.y + "px";
      this._ratio = ratio;
      this.redraw();
    },

    /* Screen transform of the current view: x = px * scale - ox. */
    _frame: function () {
      var map = this._map, zoom = map.getZoom(), scale = Math.pow(2, zoom);
      var origin = map.getPixelOrigin(), panePos = map._getMapPanePos();
      return {scale: scale, ox: origin.x - panePos.x, oy: origin.y - panePos.y, zoom: zoom};
    },

    redraw: function () {
      if (!this._map) { return this; }
      var ctx = this._ctx, size = this._map.getSize(), f = this._frame(), w = size.x, h = size.y;
      ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      this._clusters = [];
      this._shown = this._order;
      if (this._clustered) { this._shown = this._cluster(f, w, h); }
      var shown = this._shown, groups = this._groups(shown);
      this._blit(ctx, groups, f, w, h, true);
      this._blit(ctx, groups, f, w, h, false);
      if (!this._clustered) { this._drawStacks(ctx, f, w, h); }
      this._drawHighlight(ctx, f);
      this._drawClusters(ctx, f);
      this.paintCount++;
      this.paintedAt = performance.timeOrigin + performance.now();  // for benchmarks: when the last paint ended
      this.painted = shown.length;
      return this;
    },
    _groups: function (rows) {  // [style key, start, end) runs of `rows`, which are bucket-ordered
      var out = [], style = this._style;
      for (var i = 0; i < rows.length;) {
        var k = style[rows[i]], j = i;
        while (j < rows.length && style[rows[j]] === k) { j++; }
        out.push([k, i, j]); i = j;
      }
      return out;
    },
    /* One small pre-drawn image per style: copying it is far cheaper for the rasteriser than a path of
     * thousands of stroked arcs (600 ms -> 40 ms for 50,000 points, software canvas). */
    _sprite: function (key, radius, st, halo) {
      var cache = this._sprites || (this._sprites = {}), id = key + ":" + radius.toFixed(1) + (halo ? "h" : "");
      if (cache[id]) { return cache[id]; }
      var ratio = this._ratio, pad = Math.ceil(radius + (halo ? 1 : st.weight) + 1);
      var c = document.createElement("canvas"), x = c.getContext("2d");
      c.width = c.height = 2 * pad * ratio;
      x.scale(ratio, ratio);
      x.beginPath();
      if (!halo && st.shape === "square") { x.rect(pad - radius * 0.9, pad - radius * 0.9, radius * 1.8, radius * 1.8); } else {
        x.arc(pad, pad, radius, 0, 2 * Math.PI);
      }
      x.globalAlpha = halo ? (st.precision === 2 ? 0.12 : 0.06) : st.fillOpacity;
      x.fillStyle = st.fillColor; x.fill();
      x.globalAlpha = 1; x.lineWidth = halo ? 1 : st.weight; x.strokeStyle = st.color;
      var dash = halo ? (st.precision === 2 ? "4 3" : "2 5") : st.dashArray;
      if (dash) { x.setLineDash(dash.split(" ").map(Number)); }
      x.stroke();
      cache[id] = {canvas: c, pad: pad};
      return cache[id];
    },
    /* Draw the rows of each style run as sprites, skipping a point whose 3x3-pixel cell the run already
     * covered: a 13-15 px sprite 1-2 px away looks the same (0.2% of pixels differ on 50,000 points), and
     * dense areas draw a fraction of their points (redraw 93 -> 47 ms). Clicks find rows by distance. */
    _blit: function (ctx, groups, f, w, h, halos) {
      var rows = this._shown, gw = Math.ceil(w / 3), gh = Math.ceil(h / 3), stamp = this._stampGrid(gw, gh);
      var circ = 40075016.686;
      var centreLat = this._map.getCenter().lat;
      groups.forEach(function (g) {
        var st = this._styles[g[0]];
        if (halos && st.precision === 1) { return; }
        var r = halos ? (st.precision === 2 ? 15000 : 75000) / (circ * Math.cos(centreLat * Math.PI / 180) / (256 * f.scale))
          : st.radius;
        if (halos && r > 2000) { return; }
        var sprite = this._sprite(g[0], r, st, halos), pad = sprite.pad, mark = ++this._stamp;
        for (var k = g[1]; k < g[2]; k++) {
          var i = rows[k], x = Math.round(this._px[i] * f.scale - f.ox), y = Math.round(this._py[i] * f.scale - f.oy);
          if (x < -pad || y < -pad || x > w + pad || y > h + pad) { continue; }
          var cell = ((Math.min(h - 1, Math.max(0, y)) / 3) | 0) * gw + ((Math.min(w - 1, Math.max(0, x)) / 3) | 0);
          if (stamp[cell] === mark) { continue; }
          stamp[cell] = mark;
          ctx.drawImage(sprite.canvas, x - pad, y - pad, 2 * pad, 2 * pad);
        }
      }, this);
    },
    _stampGrid: function (w, h) {
      if (!this._stamps || this._stamps.length !== w * h || this._stamp > 2e9) {
        this._stamps = new Int32Array(w * h); this._stamp = 0;
      }
      return this._stamps;
    },

    /* Cluster mode: rows sharing a 44 px cell become one counted circle; returns the rows left single. */
    _cluster: function (f, w, h) {
      var rows = this._order, cells = {}, keys = [], singles = [], maxed = f.zoom >= this._map.getMaxZoom();
      for (var k = 0; k < rows.length; k++) {
        var i = rows[k], x = this._px[i] * f.scale - f.ox, y = this._py[i] * f.scale - f.oy;
        var key = Math.floor(x / CELL) + ":" + Math.floor(y / CELL);
        if (!cells[key]) { cells[key] = []; keys.push(key); }
        cells[key].push(i);
      }
      keys.forEach(function (key) {
        var members = cells[key];
        if (members.length === 1 || maxed) { members.forEach(function (i) { singles.push(i); }); return; }
        var sx = 0, sy = 0;
        members.forEach(function (i) { sx += this._px[i]; sy += this._py[i]; }, this);
        this._clusters.push({members: members, px: sx / members.length, py: sy / members.length});
      }, this);
      var style = this._style;
      singles.sort(function (a, b) { return style[a] - style[b] || a - b; });
      return Int32Array.from(singles);
    },
    _drawClusters: function (ctx, f) {
      ctx.font = "600 12px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      this._clusters.forEach(function (c) {
        var x = c.px * f.scale - f.ox, y = c.py * f.scale - f.oy;
        ctx.beginPath(); ctx.arc(x, y, 15, 0, 2 * Math.PI);
        ctx.fillStyle = "rgba(40,40,40,0.8)"; ctx.fill(); ctx.lineWidth = 2; ctx.strokeStyle = "#ffffff"; ctx.stroke();
        ctx.fillStyle = "#ffffff"; ctx.fillText(String(c.members.length), x, y);
      });
    },
    clusters: function () { return (this._clusters || []).map(function (c) { return c.members.length; }); },

    /* The topmost shown row (or cluster) within reach of a container point. */
    hit: function (cx, cy) {
      var f = this._frame(), rows = this._shown || [], best = null;
      for (var c = (this._clusters || []).length - 1; c >= 0; c--) {
        var cl = this._clusters[c], dx = cl.px * f.scale - f.ox - cx, dy = cl.py * f.scale - f.oy - cy;
        if (dx * dx + dy * dy <= 17 * 17) { return {cluster: cl}; }
      }
      for (var k = rows.length - 1; k >= 0; k--) {
        var i = rows[k], r = this._styles[this._style[i]].radius + 3;
        var x = this._px[i] * f.scale - f.ox - cx, y = this._py[i] * f.scale - f.oy - cy;
        if (x * x + y * y <= r * r) { best = i; break; }
      }
      return best === null ? null : {row: best};
    },
    _point: function (e) {
      var rect = this._map.getContainer().getBoundingClientRect();
      return [e.clientX - rect.left, e.clientY - rect.top];
    },
    _onClickDom: function (e) {
      var map = this._map;
      if (!map || (map.dragging && map.dragging.moved()) || !e.target.closest ||
          e.target.closest(".leaflet-popup, .leaflet-control")) { return; }
      var p = this._point(e), found = this.hit(p[0], p[1]);
      if (!found) { return; }
      e.stopPropagation();
      if (found.cluster) { this._openCluster(found.cluster); return; }
      this.openPopup(found.row);
      var marker = new Marker(this, found.row);
      this.fire("click", {latlng: marker.getLatLng(), layer: marker, sourceTarget: marker, propagatedFrom: marker,
                          originalEvent: e});
    },
    _onMoveDom: function (e) {
      var map = this._map;
      if (!map || e.buttons || !e.target.closest || e.target.closest(".leaflet-popup, .leaflet-control")) { return; }
      var p = this._point(e), found = this.hit(p[0], p[1]);
      map.getContainer().style.cursor = found ? "pointer" : "";
      if (!found) { if (this._hover !== null && this._hover !== undefined) { this._tip.close(); this._hover = null; } return; }
      e.stopPropagation();
      if (found.cluster) {
        this._hover = -1;
        this._tip.setLatLng(this._unproject(found.cluster.px, found.cluster.py))
          .setContent(MM.el("span", null, found.cluster.members.length + " events")).openOn(map);
        return;
      }
      if (this._hover !== found.row) { this.openTooltip(found.row); }
    },
    _unproject: function (px, py) { return L.CRS.EPSG3857.pointToLatLng(L.point(px, py), 0); },
    _openCluster: function (c) {
      var lats = c.members.map(function (i) { return this._lat[i]; }, this);
      var lons = c.members.map(function (i) { return this._lon[i]; }, this);
      var bounds = L.latLngBounds([Math.min.apply(null, lats), Math.min.apply(null, lons)],
                                  [Math.max.apply(null, lats), Math.max.apply(null, lons)]);
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        this.openPopup(c.members[c.members.length - 1], c.members);
      } else {
        this._map.fitBounds(bounds.pad(0.5), {maxZoom: this._map.getZoom() + 3});
      }
    },

    /* Shown events at exactly this row's coordinates, topmost first. */
    samePlace: function (i) {
      var rows = this._order, out = [];
      for (var k = rows.length - 1; k >= 0; k--) {
        var j = rows[k];
        if (this._lat[j] === this._lat[i] && this._lon[j] === this._lon[i]) { out.push(j); }
      }
      return out;
    },
    openPopup: function (i, peers) {
      var t = this._t, props = t.row(i);
      var others = (peers || this.samePlace(i)).map(function (j) { return t.row(j); });
      this._popup.setLatLng([this._lat[i], this._lon[i]]).setContent(MM.eventPopup(props, others)).openOn(this._map);
      return this;
    },
    openTooltip: function (i) {
      this._hover = i;
      this._tip.setLatLng([this._lat[i], this._lon[i]]).setContent(MM.el("span", null, MM.tooltipText(this._t.row(i))))
        .openOn(this._map);
      return this;
    },
    /* Leaflet-layer-like views of the shown points, in drawing order (tests; small tables). */
    getLayers: function () {
      var out = [], rows = this._shown || this._order;
      for (var k = 0; k < rows.length; k++) { out.push(new Marker(this, rows[k])); }
      return out;
    }
  });
}(window.MaliMap));
