/* The corridor map: Natural Earth countries, the network's places and services (Leaflet). */
(function () {
  "use strict";
  var lang = document.body.dataset.lang;
  var zh = lang === "zh-CN";
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var colours = { rail: "#b3261e", sea: "#1565c0", road: "#6d4c41", inland_waterway: "#00897b" };
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = L.map("map", {
    worldCopyJump: false, zoomSnap: 0.5, zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still
  }).setView([24, 100], 4);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · searoute");

  function name(n) { return (zh ? n.zh : n.en) || n.en; }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  fetch("/static/map/countries.json").then(function (r) { return r.json(); }).then(function (land) {
    L.geoJSON(land, {
      interactive: false,
      style: { color: "#9aa5b1", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 }
    }).addTo(map).bringToBack();
    document.body.dataset.basemap = "ready";
  });

  var layers = {};
  var lines = {};
  var picker = document.getElementById("service-pick");
  var panel = document.getElementById("service-panel");
  var selected = null;

  fetch("/web/data/network.json").then(function (r) { return r.json(); }).then(function (net) {
    var services = net.features.filter(function (f) { return f.properties.kind === "service"; });
    var places = net.features.filter(function (f) { return f.properties.kind === "location"; });
    services.sort(function (a, b) { return name(a.properties.name).localeCompare(name(b.properties.name)); });
    services.forEach(function (f) {
      var p = f.properties;
      var mode = p.mode;
      if (!layers[mode]) { layers[mode] = L.layerGroup().addTo(map); }
      var line = L.geoJSON(f, {
        style: { color: colours[mode], weight: 2.5, opacity: 0.75, dashArray: mode === "road" ? "4 4" : null }
      });
      line.on("click", function () { show(p.service_id); });
      line.bindTooltip(esc(name(p.name)) + " · " + esc(labels.mode[mode]));
      line.addTo(layers[mode]);
      lines[p.service_id] = line;
      var option = document.createElement("option");
      option.value = p.service_id;
      option.textContent = name(p.name) + " (" + labels.mode[mode] + ")";
      picker.appendChild(option);
    });
    var dots = L.layerGroup().addTo(map);
    places.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var hub = p.kinds.indexOf("seaport") >= 0 || p.kinds.indexOf("rail_terminal") >= 0;
      L.circleMarker([c[1], c[0]], {
        radius: hub ? 5 : 4, color: "#1f2933", weight: 1, fillColor: "#ffffff", fillOpacity: 1
      }).bindTooltip(esc(name(p.name)) + " (" + esc(p.locode) + ")").addTo(dots);
    });
    drawClosures(places);
    window.landseaPlaceLabels(map, places, services, name);  // static/js/map_labels.js
  });

  /* Closed places get a dashed red ring, closed services a dashed red line; the period and the
     reason are in the tooltip (and in the list beside the map). */
  function drawClosures(places) {
    var closures = JSON.parse(document.getElementById("closures-data").textContent);
    var rings = L.layerGroup().addTo(map);
    closures.forEach(function (c) {
      if (c.subject === "service") {
        var line = lines[c.code];
        if (!line) { return; }
        line.setStyle({ color: "#a61b1b", dashArray: "2 6", opacity: 0.9 });
        line.bindTooltip(esc(c.text));
        return;
      }
      places.forEach(function (f) {
        var code = f.properties.locode;
        if (code !== c.code && code.split("-")[0] !== c.code) { return; }
        var xy = f.geometry.coordinates;
        L.circleMarker([xy[1], xy[0]], {
          radius: 9, color: "#a61b1b", weight: 2.5, dashArray: "3 3", fill: false
        }).bindTooltip(esc(c.text)).addTo(rings);
      });
    });
  }

  document.querySelectorAll("input[name=mode]").forEach(function (box) {
    box.addEventListener("change", function () {
      var layer = layers[box.value];
      if (!layer) { return; }
      if (box.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
    });
  });
  picker.addEventListener("change", function () { if (picker.value) { show(picker.value); } });

  function hours(h) {
    if (h === null || h === undefined) { return "—"; }
    return "+" + h.toFixed(1) + " " + labels.hour;
  }

  function show(id) {
    if (selected && lines[selected]) { lines[selected].setStyle({ weight: 2.5, opacity: 0.75 }); }
    selected = id;
    picker.value = id;
    if (lines[id]) {
      lines[id].setStyle({ weight: 6, opacity: 1 });
      map.fitBounds(lines[id].getBounds(), { maxZoom: 7, padding: [30, 30] });
    }
    fetch("/web/data/services/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (s) {
      var html = "<h3>" + esc(name(s.name)) + "</h3>";
      html += "<p>" + esc(labels.mode[s.mode]) + " · " + esc(labels.operator) + ": " + esc(s.operator) + "</p>";
      html += "<p>" + (s.on_demand ? esc(labels.on_demand) : esc(labels.weekly) + ": " + esc(s.weekly)) + "</p>";
      html += "<table><caption>" + esc(labels.timetable) + "</caption><thead><tr><th scope=col>" + esc(labels.stop) +
        "</th><th scope=col>" + esc(labels.arrives) + "</th><th scope=col>" + esc(labels.departs) + "</th></tr></thead><tbody>";
      s.stops.forEach(function (stop) {
        html += "<tr><th scope=row>" + esc(name(stop.name)) + " <span class=code>" + esc(stop.locode) + "</span></th><td>" +
          hours(stop.arrival_h) + "</td><td>" + hours(stop.departure_h) + "</td></tr>";
      });
      html += "</tbody></table>";
      if (!s.on_demand) {
        html += "<table><caption>" + esc(labels.next) + "</caption><thead><tr><th scope=col>" + esc(labels.departure) +
          "</th><th scope=col>" + esc(labels.booked) + "</th><th scope=col>" + esc(labels.utilisation) + "</th></tr></thead><tbody>";
        if (!s.departures.length) { html += "<tr><td colspan=3>" + esc(labels.none) + "</td></tr>"; }
        s.departures.forEach(function (d) {
          var share = d.utilisation === null ? 0 : d.utilisation;
          var when = new Date(d.departure).toLocaleString(zh ? "zh-CN" : "en-GB", {
            timeZone: s.stops[0].timezone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit"
          });
          html += "<tr><td>" + esc(when) + "</td><td>" + d.booked_teu + " / " + d.capacity_teu + " TEU</td><td>" +
            "<meter min=0 max=1 value=" + share + " aria-label='" + esc(labels.utilisation) + "'></meter> " +
            Math.round(share * 100) + "%</td></tr>";
        });
        html += "</tbody></table>";
      }
      panel.innerHTML = html;
    });
  }
})();
