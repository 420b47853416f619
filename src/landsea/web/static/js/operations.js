/* Operations: follow the consolidation runs that are queued or running without reloading. The job
   API (GET /api/v1/consolidation/runs/{id}, the session cookie) says when a run's state changes;
   the run's own page (/operations/runs/{id}) then gives its new card, rendered by the server in
   the page's language and time zones, which replaces the old one. Without JavaScript the page
   shows the state it was rendered with. */
(function () {
  "use strict";
  var lang = document.body.dataset.lang;
  var live = ["queued", "running"];

  function card(id) { return document.getElementById("run-" + id); }

  function replace(id) {
    return fetch("/operations/runs/" + encodeURIComponent(id) + "?lang=" + encodeURIComponent(lang),
                 { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("run-" + id);
        var old = card(id);
        if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
      });
  }

  function follow(id, status) {
    window.setTimeout(function () {
      fetch("/api/v1/consolidation/runs/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (run) {
          var changed = run.status !== status;
          var next = changed ? replace(id) : Promise.resolve();
          next.then(function () {
            if (live.indexOf(run.status) >= 0) { follow(id, run.status); }
          });
        })
        .catch(function () { follow(id, status); });
    }, 700);
  }

  document.querySelectorAll("article.run").forEach(function (article) {
    if (live.indexOf(article.dataset.status) >= 0) { follow(article.dataset.run, article.dataset.status); }
  });
})();
