/* The columnar events block (geo/columnar.py) decoded in the browser: base64, optionally gzip, then typed
 * arrays over one buffer. Rows are never turned into objects until a popup, a list item or a test asks. */
(function (MM) {
  "use strict";
  var NA_INT = -2147483648, DAY = 86400000;
  var ARRAYS = {u1: Uint8Array, u2: Uint16Array, i4: Int32Array, f8: Float64Array};

  function Table(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "MMC1") { throw new Error("not an events block"); }
    var size = view.getUint32(4, true);
    var header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size)));
    var base = 8 + size + ((8 - (8 + size) % 8) % 8);
    var buffer = bytes.buffer, start = bytes.byteOffset + base;
    if (start % 8) {  // typed arrays need aligned offsets: copy once if the bytes are not aligned
      var copy = new Uint8Array(bytes.byteLength - base); copy.set(bytes.subarray(base)); buffer = copy.buffer; start = 0;
    }
    this.n = header.n;
    this.names = [];
    this.cols = {};
    var self = this;
    header.columns.forEach(function (c) {
      var Kind = ARRAYS[c.dtype];
      var col = {kind: c.kind, dtype: c.dtype, scale: c.scale, values: c.values, data: new Kind(buffer, start + c.offset, self.n)};
      col.missing = c.dtype === "u1" ? 255 : c.dtype === "u2" ? 65535 : c.kind === "text" ? -1 : NA_INT;
      self.cols[c.name] = col;
      self.names.push(c.name);
    });
  }

  Table.prototype.has = function (name) { return !!this.cols[name]; };

  /* One cell as the page shows it: text, an ISO day, a number, or null when the cell is empty. */
  Table.prototype.value = function (name, i) {
    var col = this.cols[name];
    if (!col) { return null; }
    var v = col.data[i];
    if (col.kind === "text") { return v === col.missing || v < 0 ? null : col.values[v]; }
    if (col.kind === "date") { return v === NA_INT ? null : new Date(v * DAY).toISOString().slice(0, 10); }
    if (col.scale === null || col.scale === undefined) { return isNaN(v) ? null : v; }
    return v === NA_INT ? null : (col.scale ? v / Math.pow(10, col.scale) : v);
  };

  /* Per-row codes into values(name) (-1 = empty), as an Int32Array. */
  Table.prototype.codes = function (name) {
    var col = this.cols[name];
    if (!col) { return new Int32Array(this.n).fill(-1); }
    if (!col.codes) {
      var out = new Int32Array(this.n), d = col.data, miss = col.missing;
      for (var i = 0; i < this.n; i++) { out[i] = d[i] === miss ? -1 : d[i]; }
      col.codes = out;
    }
    return col.codes;
  };
  Table.prototype.values = function (name) { return this.cols[name] ? this.cols[name].values : []; };

  /* A numeric column as Float64Array (NaN = empty); a date column as days since 1970 (NaN = empty). */
  Table.prototype.numbers = function (name) {
    var col = this.cols[name], n = this.n, out = new Float64Array(n);
    if (!col) { return out.fill(NaN); }
    if (col.kind === "number" && (col.scale === null || col.scale === undefined)) { return col.data; }
    var div = col.scale ? Math.pow(10, col.scale) : 1, d = col.data;
    for (var i = 0; i < n; i++) { out[i] = d[i] === NA_INT ? NaN : (div === 1 ? d[i] : d[i] / div); }
    return out;
  };

  /* The event's properties, as GeoJSON would carry them: empty cells left out. */
  Table.prototype.row = function (i) {
    var props = {};
    for (var k = 0; k < this.names.length; k++) {
      var v = this.value(this.names[k], i);
      if (v !== null && v !== "") { props[this.names[k]] = v; }
    }
    return props;
  };

  /* Every row with every column (null for empty): what tests compare with the input file. */
  Table.prototype.toRows = function () {
    var out = [];
    for (var i = 0; i < this.n; i++) {
      var r = {};
      for (var k = 0; k < this.names.length; k++) { r[this.names[k]] = this.value(this.names[k], i); }
      out.push(r);
    }
    return out;
  };

  function fromBase64(text) {
    var bin = atob(text), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes;
  }

  /* A Promise of the Table in a gzip-compressed byte stream. */
  function gunzip(stream) {
    return new Response(stream.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer()
      .then(function (buf) { return new Table(new Uint8Array(buf)); });
  }

  /* A Table, or a Promise of one when the block is gzip-compressed (DecompressionStream is asynchronous). */
  MM.unpack = function (text, compressed) {
    var bytes = fromBase64(text);
    return compressed ? gunzip(new Blob([bytes]).stream()) : new Table(bytes);
  };

  /* The export's embedded block: <script type="application/octet-stream" id=... data-encoding=...>. */
  MM.readEvents = function (id) {
    var node = document.getElementById(id);
    return MM.unpack(node.textContent.trim(), node.dataset.encoding === "gzip+base64");
  };

  /* The dashboard's block, fetched once per URL (the map's frame lives across reruns): a Promise of a Table. */
  var fetched = {};
  MM.fetchEvents = function (url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error("events block " + url + ": HTTP " + r.status); }
        return gunzip(r.body);
      });
    }
    return fetched[url];
  };

  /* Row numbers whose bit is set in a base64 bitset (geo.columnar.visible_bits). */
  MM.bitRows = function (text, n) {
    var bytes = fromBase64(text), out = new Int32Array(n), m = 0;
    for (var i = 0; i < n; i++) { if ((bytes[i >> 3] >> (i & 7)) & 1) { out[m++] = i; } }
    return out.subarray(0, m);
  };

  /* Call fn with a value, or with what a Promise resolves to. */
  MM.when = function (value, fn) { return value && typeof value.then === "function" ? value.then(fn) : fn(value); };
  MM.Table = Table;
}(window.MaliMap));
