/* Customs: each waiting declaration's clock keeps running while the page is open: the time
   waited, the time left before its lane's service level is missed, and "overdue" once it is
   (named in text, marked in colour). Without JavaScript the page shows them as rendered. */
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("customs-texts").textContent);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function span(minutes) {
    return fill(texts.duration, { h: Math.floor(minutes / 60), m: minutes % 60 });
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".clock[data-lodged]").forEach(function (clock) {
      var waited = Math.max(0, Math.floor((now - Date.parse(clock.dataset.lodged)) / 60000));
      var left = Number(clock.dataset.slaMinutes) - waited;
      var flag = clock.querySelector("[data-clock=flag]");
      var over = left < 0;
      flag.textContent = over ? texts.overdue : texts.within;
      flag.className = "flag " + (over ? "over" : "ok");
      clock.classList.toggle("overdue", over);
      clock.querySelector("[data-clock=left]").textContent =
        over ? fill(texts.overdue_by, { span: span(-left) }) : fill(texts.left, { span: span(left) });
      clock.querySelector("[data-clock=waited]").textContent = fill(texts.waited, { span: span(waited) });
    });
  }
  window.setInterval(tick, 30000);
})();
