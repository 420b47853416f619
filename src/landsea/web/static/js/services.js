/* The Services page: the delay field is asked for only when the run is delayed. */
(function () {
  "use strict";
  var hours = document.getElementById("delay_hours");
  if (!hours) { return; }
  var kinds = document.querySelectorAll("input[name=kind]");
  function update() {
    var delayed = document.querySelector("input[name=kind]:checked").value === "delay";
    hours.disabled = !delayed;
    hours.required = delayed;
  }
  kinds.forEach(function (kind) { kind.addEventListener("change", update); });
  update();
})();
