/* Draws each chart from the JSON beside it (the same data as the table under it), with ECharts' SVG renderer. */
(function () {
  "use strict";
  function option(spec) {
    var horizontal = !!spec.horizontal;
    var category = { type: "category", data: spec.categories, axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    var value = { type: "value", name: spec.unit || "", minInterval: 1 };
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: horizontal ? 130 : 50, right: 20, top: 40, bottom: 40, containLabel: false },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind, data: s.data, label: { show: spec.series.length === 1, position: horizontal ? "right" : "top" } };
      })
    };
  }
  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(spec));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
