// Draws the dashboard's charts from the data the server put in data- attributes (stored snapshots only).
(function () {
  "use strict";
  var palette = ["#3b5bdb", "#2b8a3e", "#e67700", "#c2255c", "#1098ad", "#7048e8"];

  function width(el) { return Math.max(320, el.clientWidth || 800); }

  function followers(el) {
    var series = JSON.parse(el.dataset.series);
    // uPlot needs one shared x axis: merge every profile's timestamps, leaving gaps where a profile has no snapshot.
    var xs = Array.from(new Set([].concat.apply([], series.map(function (s) { return s.x; })))).sort(function (a, b) { return a - b; });
    var data = [xs];
    series.forEach(function (s) {
      var at = new Map(s.x.map(function (x, i) { return [x, s.y[i]]; }));
      data.push(xs.map(function (x) { return at.has(x) ? at.get(x) : null; }));
    });
    var opts = {
      width: width(el), height: 300,
      series: [{}].concat(series.map(function (s, i) { return { label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: true }; })),
      axes: [{}, { label: el.dataset.yLabel, size: 70 }],
    };
    new uPlot(opts, data, el);
  }

  function engagement(el) {
    var b = JSON.parse(el.dataset.bars);
    var idx = b.x.map(function (_, i) { return i + 1; });
    var names = ["likes", "reposts", "replies", "quotes"];
    // Stacked totals so each bar shows the whole engagement and its parts.
    var stacked = [], running = idx.map(function () { return 0; });
    names.forEach(function (n) { running = running.map(function (v, i) { return v + b[n][i]; }); stacked.push(running.slice()); });
    var bars = uPlot.paths.bars({ size: [0.7, 40] });
    var opts = {
      width: width(el), height: 300,
      // Bars start at zero: a bar's height is its count.
      scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      series: [{ label: "#", value: function (u, v) { return v == null ? "" : (b.labels[v - 1] || ""); } }].concat(names.slice().reverse().map(function (n, i) {
        var color = palette[(names.length - 1 - i) % palette.length];
        return { label: el.dataset[n], fill: color, stroke: color, paths: bars, points: { show: false },
                 value: function (u, v, si, di) { return di == null ? "" : b[n][di]; } };
      })),
      axes: [{ values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? "#" + v : ""; }); } }, { size: 60 }],
    };
    new uPlot(opts, [idx].concat(stacked.slice().reverse()), el);
  }

  function draw() {
    var f = document.getElementById("followers-chart");
    if (f) followers(f);
    var e = document.getElementById("engagement-chart");
    if (e) engagement(e);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
