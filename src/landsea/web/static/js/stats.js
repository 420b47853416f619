/* Corridor statistics as charts (Chart.js); the same figures are in the page's tables. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var colours = { rail: "#b3261e", sea: "#1565c0", road: "#6d4c41", inland_waterway: "#00897b" };
  Chart.defaults.animation = false;
  var font = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.family = font;
  var text = [data.teu, data.co2.unit].concat(data.co2.labels).concat(data.on_time.labels)
    .concat(data.clearance.labels).concat(data.clearance.names)
    .concat(Object.keys(data.mode_names).map(function (k) { return data.mode_names[k]; }))
    .concat(data.weeks.map(function (w) { return w.week; })).join(" ");
  var ready = document.fonts && document.fonts.load ? document.fonts.load("12px " + font, text) : Promise.resolve();
  ready.catch(function () {}).then(draw);

  function draw() {

  new Chart(document.getElementById("volumes-chart"), {
    type: "bar",
    data: {
      labels: data.weeks.map(function (w) { return w.week; }),
      // A booking by rail then sea is under both modes but once in the total: not stacked.
      datasets: [{ type: "line", label: data.total, borderColor: "#1b1b1b", backgroundColor: "#1b1b1b",
                   data: data.weeks.map(function (w) { return w.total; }) }].concat(
        data.modes.map(function (mode) {
          return { label: data.mode_names[mode], backgroundColor: colours[mode],
                   data: data.weeks.map(function (w) { return w.teu[mode]; }) };
        }))
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: data.teu } } } }
  });

  var modes = Object.keys(data.split);
  new Chart(document.getElementById("split-chart"), {
    type: "doughnut",
    data: {
      labels: modes.map(function (mode) { return data.mode_names[mode]; }),
      datasets: [{ data: modes.map(function (mode) { return data.split[mode].teu_km; }),
                   backgroundColor: modes.map(function (mode) { return colours[mode]; }) }]
    }
  });

  new Chart(document.getElementById("co2-chart"), {
    type: "bar",
    data: { labels: data.co2.labels,
            datasets: [{ label: data.co2.unit, data: data.co2.values, backgroundColor: ["#1e6b33", "#6d4c41", "#00897b"] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { title: { display: true, text: data.co2.unit } } } }
  });

  var ontime = document.getElementById("ontime-chart");
  if (ontime) {
    new Chart(ontime, {
      type: "doughnut",
      data: { labels: data.on_time.labels,
              datasets: [{ data: data.on_time.values, backgroundColor: ["#1e6b33", "#a61b1b"] }] }
    });
  }
  var clearance = document.getElementById("clearance-chart");
  if (clearance) {
    new Chart(clearance, {
      type: "bar",
      data: { labels: data.clearance.labels,
              datasets: [{ label: data.clearance.names[0], data: data.clearance.p50, backgroundColor: "#0b3d6b" },
                         { label: data.clearance.names[1], data: data.clearance.p90, backgroundColor: "#f2b705" }] },
      options: { indexAxis: "y" }
    });
  }
  }
})();
