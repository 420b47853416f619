/* Place labels on the corridor map, in the page's language: the busiest hubs (the places most
   services call at) first, more as the map is zoomed in, every place from zoom 7. The map's
   container says how many are shown in data-labels (for the tests). */
(function () {
  "use strict";
  var LIMITS = [[4.5, 8], [5.5, 20], [6.5, 45]];

  window.landseaPlaceLabels = function (map, places, services, name) {
    var calls = {};
    services.forEach(function (f) {
      (f.properties.stops || []).forEach(function (code) { calls[code] = (calls[code] || 0) + 1; });
    });
    var ranked = places.slice().sort(function (a, b) {
      var busier = (calls[b.properties.locode] || 0) - (calls[a.properties.locode] || 0);
      return busier || a.properties.locode.localeCompare(b.properties.locode);
    });
    var layer = L.layerGroup().addTo(map);
    var shown = -1;

    function limit(zoom) {
      for (var i = 0; i < LIMITS.length; i++) { if (zoom < LIMITS[i][0]) { return LIMITS[i][1]; } }
      return ranked.length;
    }

    function update() {
      var n = Math.min(limit(map.getZoom()), ranked.length);
      if (n === shown) { return; }
      shown = n;
      layer.clearLayers();
      ranked.slice(0, n).forEach(function (f) {
        var c = f.geometry.coordinates;
        var text = document.createElement("span");
        text.textContent = name(f.properties.name);
        text.lang = document.documentElement.lang;
        layer.addLayer(L.tooltip({
          permanent: true, direction: "right", offset: [6, 0], className: "place-label", interactive: false
        }).setLatLng([c[1], c[0]]).setContent(text));
      });
      map.getContainer().dataset.labels = String(n);
    }

    map.on("zoomend", update);
    update();
  };
})();
