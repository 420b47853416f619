/* The Services page: the delay is asked for only when the run is delayed, the capacity only
   when it changes. */
(function () {
  "use strict";
  var hours = document.getElementById("delay_hours");
  var capacity = document.getElementById("run_capacity");
  if (!hours || !capacity) { return; }
  var kinds = document.querySelectorAll("input[name=kind]");
  function update() {
    var kind = document.querySelector("input[name=kind]:checked").value;
    hours.disabled = kind !== "delay";
    hours.required = kind === "delay";
    capacity.disabled = kind !== "capacity";
    capacity.required = kind === "capacity";
  }
  kinds.forEach(function (kind) { kind.addEventListener("change", update); });
  update();
})();
