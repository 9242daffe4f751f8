// Draws the dashboard's charts from the data the server put in data- attributes (stored snapshots only).
(function () {
  "use strict";
  var palette = ["#3b5bdb", "#2b8a3e", "#e67700", "#c2255c", "#1098ad", "#7048e8"];

  function width(el) { return Math.max(320, el.clientWidth || 800); }

  // The page's own fonts, which carry Devanagari; uPlot's default stack may not on every system.
  var FONT = "12px system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif";
  var LABEL_FONT = "bold 12px system-ui, 'Noto Sans', 'Noto Sans Devanagari', sans-serif";
  function axis(a) { a.font = FONT; a.labelFont = LABEL_FONT; return a; }

  // Numbers as the reader's language writes them (hi-IN groups 12,34,567).
  function number(el) {
    var f = new Intl.NumberFormat(el.dataset.lang || "en-US", { maximumFractionDigits: 0 });
    return function (v) { return v == null ? "" : f.format(v); };
  }

  function followers(el) {
    var series = JSON.parse(el.dataset.series);
    // uPlot needs one shared x axis: merge every profile's timestamps, leaving gaps where a profile has no snapshot.
    var xs = Array.from(new Set([].concat.apply([], series.map(function (s) { return s.x; })))).sort(function (a, b) { return a - b; });
    var data = [xs];
    series.forEach(function (s) {
      var at = new Map(s.x.map(function (x, i) { return [x, s.y[i]]; }));
      data.push(xs.map(function (x) { return at.has(x) ? at.get(x) : null; }));
    });
    // Dates in the reader's zone and language: "Nov 30" / "30 नव॰".
    var months = (el.dataset.months || "").split(",");
    var tz = el.dataset.tz || "UTC";
    var hindi = (el.dataset.lang || "").indexOf("hi") === 0;
    var fmt = number(el);
    function day(d) { return hindi ? d.getDate() + " " + months[d.getMonth()] : months[d.getMonth()] + " " + d.getDate(); }
    var opts = {
      width: width(el), height: 300,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), tz); },
      series: [{ label: el.dataset.xLabel, value: function (u, v) { return v == null ? "" : day(uPlot.tzDate(new Date(v * 1e3), tz)); } }]
        .concat(series.map(function (s, i) { return { label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: true, value: function (u, v) { return fmt(v); } }; })),
      axes: [axis({ label: el.dataset.xLabel, values: function (u, splits) {
               // One label per day: ticks within a day repeat the date, so only the first of them says it.
               var last = null;
               return splits.map(function (s) { var d = day(uPlot.tzDate(new Date(s * 1e3), tz)); if (d === last) return ""; last = d; return d; });
             } }),
             axis({ label: el.dataset.yLabel, size: 80, values: function (u, splits) { return splits.map(fmt); } })],
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
      axes: [axis({ label: el.dataset.xLabel, values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? "#" + v : ""; }); } }),
             axis({ label: el.dataset.yLabel, size: 70, values: function (u, splits) { return splits.map(number(el)); } })],
    };
    new uPlot(opts, [idx].concat(stacked.slice().reverse()), el);
  }

  function draw() {
    var f = document.getElementById("followers-chart");
    if (f) followers(f);
    var e = document.getElementById("engagement-chart");
    if (e) engagement(e);
  }

  // A canvas does not redraw when a web font arrives: wait for the Devanagari face (loaded only on demand) first.
  function start() {
    if (document.fonts && document.fonts.load) {
      document.fonts.load("12px 'Noto Sans Devanagari'", "\u0905").then(draw, draw);
    } else {
      draw();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
