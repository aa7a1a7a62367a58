// Draws the report page's charts from the JSON data block (#report-data) with Chart.js. No inline script: the page
// carries data only, and each <canvas data-chart="…" data-table="…"> says which chart to draw from which table.
(function () {
  "use strict";
  var block = document.getElementById("report-data");
  if (!block || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(block.textContent);
  var palette = ["#1f4f8f", "#17693a", "#c27c0e", "#a4161a", "#6b4c9a", "#2a8a8a", "#7a7f8c", "#b5527a", "#4d7c0f", "#0e7490"];
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = "#1d2433";
  Chart.defaults.maintainAspectRatio = false;

  function series(table, skipTotal) {
    var cols = table.columns;
    var last = skipTotal ? cols.length - 1 : cols.length;
    var labels = table.rows.map(function (r) { return r[0]; });
    var sets = [];
    for (var c = 1; c < last; c++) {
      sets.push({
        label: cols[c].label,
        data: table.rows.map(function (r) { return r[c]; }),
        backgroundColor: palette[(c - 1) % palette.length],
        borderColor: palette[(c - 1) % palette.length]
      });
    }
    return { labels: labels, datasets: sets };
  }

  var builders = {
    compliance: function () {
      var h = data.headline;
      return {
        type: "bar",
        data: {
          labels: ["Acknowledgement", "Response", "Same-day first reply"],
          datasets: [
            { label: "On time", backgroundColor: "#17693a",
              data: [h.acknowledgement.onTime, h.response.onTime, h.sameDayFirstReply.count] },
            { label: "On time after extension", backgroundColor: "#1f4f8f",
              data: [0, h.response.onTimeAfterExtension, 0] },
            { label: "Late or overdue", backgroundColor: "#a4161a",
              data: [h.acknowledgement.late, h.response.late, h.sameDayFirstReply.of - h.sameDayFirstReply.count] }
          ]
        },
        options: { indexAxis: "y", scales: { x: { stacked: true, title: { display: true, text: "Cases" } }, y: { stacked: true } } }
      };
    },
    stacked: function (table) {
      return { type: "bar", data: series(table, true),
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "Cases" } } } } };
    },
    lines: function (table) {
      var d = series(table, true);
      d.datasets.forEach(function (s) { s.fill = false; s.tension = 0.2; });
      return { type: "line", data: d, options: { scales: { y: { beginAtZero: true } } } };
    },
    horizontal: function (table) {
      return { type: "bar", data: {
          labels: table.rows.map(function (r) { return r[1]; }),
          datasets: [{ label: "Cases", backgroundColor: palette[0], data: table.rows.map(function (r) { return r[2]; }) }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } } } };
    },
    bars: function (table) {
      var d = series(table, false);
      d.datasets.forEach(function (s, i) { s.backgroundColor = i === 0 ? palette[0] : "#a4161a"; });
      return { type: "bar", data: d, options: { scales: { y: { beginAtZero: true } } } };
    }
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.dataset.chart];
    var table = data.tables[canvas.dataset.table];
    if (build && table) {
      new Chart(canvas, build(table));
    }
  });
})();
