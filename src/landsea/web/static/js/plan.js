/* The plan page: options as a chart of time against cost (CO2e as the point's size, each point
   numbered like its option), any option drawn on the map (which is brought into view), and the
   options sorted in place (the links and the form sort on the server without JavaScript). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plan-data").textContent);
  var zh = document.body.dataset.lang === "zh-CN";
  var colours = { rail: "#b3261e", sea: "#1565c0", road: "#6d4c41", inland_waterway: "#00897b" };
  var options = data.options;
  var maxCo2 = Math.max.apply(null, options.map(function (o) { return o.co2e_kg; }));
  var number = new Intl.NumberFormat(zh ? "zh-CN" : "en-GB", { maximumFractionDigits: 0 });

  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var font = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.family = font;
  var chart = null;
  // Each point carries its option's number, as in the table and the cards.
  var numbers = {
    id: "numbers",
    afterDatasetsDraw: function (c) {
      var ctx = c.ctx;
      ctx.save();
      ctx.font = "bold 12px " + font;
      ctx.fillStyle = "#1f2933";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      c.getDatasetMeta(0).data.forEach(function (point, i) {
        ctx.fillText(String(i + 1), point.x, point.y);
      });
      ctx.restore();
    }
  };
  // Canvas text needs its glyphs loaded first (the CJK font comes in unicode-range pieces).
  var text = [data.labels.x, data.labels.y, data.labels.option, data.labels.co2e].join(" ");
  var ready = document.fonts && document.fonts.load ? document.fonts.load("12px " + font, text) : Promise.resolve();
  ready.catch(function () {}).then(function () { makeChart(); draw(0); });

  function makeChart() {
  chart = new Chart(document.getElementById("plan-chart"), {
    type: "bubble",
    plugins: [numbers],
    data: {
      datasets: [{
        label: data.labels.option,
        data: options.map(function (o, i) {
          return { x: o.transit_hours / 24, y: o.cost.amount, r: 5 + 15 * o.co2e_kg / maxCo2, n: i + 1, co2: o.co2e_kg };
        }),
        backgroundColor: "rgba(11, 61, 107, 0.45)",
        borderColor: "#0b3d6b"
      }]
    },
    options: {
      animation: false,
      maintainAspectRatio: true,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var p = ctx.raw;
              return "#" + p.n + ": " + p.x.toFixed(1) + " · ¥" + number.format(p.y) + " · " +
                number.format(p.co2) + " kg " + data.labels.co2e;
            }
          }
        }
      },
      scales: {
        x: { title: { display: true, text: data.labels.x } },
        y: { title: { display: true, text: data.labels.y } }
      },
      onClick: function (_, elements) {
        if (elements.length) { draw(elements[0].index); }
      }
    }
  });
  }

  var map = L.map("plan-map", {
    zoomSnap: 0.5, zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still
  }).setView([22, 105], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · searoute");
  fetch("/static/map/countries.json").then(function (r) { return r.json(); }).then(function (land) {
    L.geoJSON(land, { interactive: false, style: { color: "#9aa5b1", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
    document.body.dataset.basemap = "ready";
  });
  var drawn = L.layerGroup().addTo(map);

  function draw(index) {
    drawn.clearLayers();
    var option = options[index];
    var bounds = L.latLngBounds([]);
    option.legs.forEach(function (leg, k) {
      var line = data.lines[index][k].map(function (p) { return [p[1], p[0]]; });
      var poly = L.polyline(line, { color: colours[leg.mode], weight: 4, dashArray: leg.mode === "road" ? "5 5" : null });
      poly.addTo(drawn);
      bounds.extend(poly.getBounds());
      L.circleMarker(line[0], { radius: 4, color: "#1f2933", fillColor: "#fff", fillOpacity: 1 }).addTo(drawn);
      L.circleMarker(line[line.length - 1], { radius: 4, color: "#1f2933", fillColor: "#fff", fillOpacity: 1 }).addTo(drawn);
    });
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); }
    document.querySelectorAll(".option.selected").forEach(function (row) { row.classList.remove("selected"); });
    ["option-", "card-"].forEach(function (prefix) {
      var row = document.getElementById(prefix + (index + 1));
      if (row) { row.classList.add("selected"); }
    });
    if (chart) {
      chart.setActiveElements([{ datasetIndex: 0, index: index }]);
      chart.update();
    }
  }

  var mapBox = document.getElementById("plan-map");
  document.querySelectorAll(".show-option").forEach(function (button) {
    button.addEventListener("click", function () {
      draw(Number(button.dataset.option));
      mapBox.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "center" });
    });
  });

  // Sorting in place: the same orders as the server's (ties broken by arrival).
  var keys = {
    arrival: function (el) { return [Date.parse(el.dataset.arrival), Number(el.dataset.cost)]; },
    cost: function (el) { return [Number(el.dataset.cost), Date.parse(el.dataset.arrival)]; },
    co2e: function (el) { return [Number(el.dataset.co2e), Date.parse(el.dataset.arrival)]; },
    transfers: function (el) { return [Number(el.dataset.transfers), Date.parse(el.dataset.arrival)]; },
    "": function (el) { return [Number(el.dataset.option), 0]; }
  };
  function sortBy(key, url) {
    var by = keys[key] || keys[""];
    [document.querySelector("#options-table tbody"), document.querySelector(".option-cards")].forEach(function (list) {
      if (!list) { return; }
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) {
        var x = by(a), y = by(b);
        return x[0] - y[0] || x[1] - y[1];
      });
      items.forEach(function (item) { list.appendChild(item); });
    });
    document.querySelectorAll("th.sortable").forEach(function (th) {
      if (th.dataset.sort === key) { th.setAttribute("aria-sort", "ascending"); } else { th.removeAttribute("aria-sort"); }
    });
    var select = document.getElementById("sort");
    if (select) { select.value = key; }
    if (url && window.history && history.replaceState) { history.replaceState(null, "", url); }
  }
  document.querySelectorAll("a.sort-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      sortBy(link.dataset.sort, link.getAttribute("href").split("#")[0]);
    });
  });
  var sortForm = document.querySelector("form.sort-form");
  if (sortForm) {
    sortForm.addEventListener("submit", function (event) {
      event.preventDefault();
      sortBy(document.getElementById("sort").value, null);
    });
    document.getElementById("sort").addEventListener("change", function () {
      sortBy(this.value, null);
    });
  }
})();
