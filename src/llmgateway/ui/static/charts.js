// Draws the dashboards' time series with uPlot from the JSON block #chart-data (no inline script).
(function () {
  var block = document.getElementById("chart-data");
  if (!block || !window.uPlot) return;
  var data = JSON.parse(block.textContent);
  var palette = ["#2459c9", "#b3261e", "#1d7a46", "#9a6200", "#7a3db8", "#0b7f8a", "#c2185b", "#5d6b7a"];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var chart = data[el.dataset.chart];
    if (!chart) return;
    var names = Object.keys(chart.series);
    if (!names.length) { el.textContent = "No data in this window."; return; }
    var series = [{}].concat(names.map(function (n, i) {
      return { label: n, stroke: palette[i % palette.length], width: 2, spanGaps: true };
    }));
    var values = [chart.x].concat(names.map(function (n) { return chart.series[n]; }));
    new uPlot({ width: Math.max(el.clientWidth, 300), height: 220, series: series, axes: [{}, { size: 70 }] }, values, el);
  });
})();
