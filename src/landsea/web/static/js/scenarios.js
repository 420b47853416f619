/* Scenarios: run the scenario file through POST /api/v1/simulations (the session cookie and its
   CSRF token), follow the job without reloading, then show the results' charts; the same figures
   are in the page's tables. */
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("scenario-texts").textContent);
  var section = document.getElementById("simulation");
  var status = document.getElementById("sim-status");
  var form = document.getElementById("scenario-form");
  var problem = document.getElementById("scenario-error");
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var colours = ["#0b3d6b", "#b3261e", "#1e6b33", "#6d4c41", "#00897b", "#6a1b9a"];

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    problem.hidden = true;
    fetch("/api/v1/simulations", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ scenario: form.scenario.value,
                             replications: Number(form.replications.value),
                             seed: Number(form.seed.value) })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) {
        problem.textContent = texts.refused + " " + (answer.body.detail || answer.body.title || "");
        problem.hidden = false;
        form.scenario.focus();
        return;
      }
      history.replaceState(null, "", "/scenarios?id=" + encodeURIComponent(answer.body.id));
      follow(answer.body.id);
    });
  });

  function follow(id) {
    fetch("/api/v1/simulations/" + encodeURIComponent(id), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        status.textContent = texts[job.status] + (job.error ? ": " + job.error : "");
        if (job.status === "done") { location.reload(); }
        else if (job.status !== "failed") { setTimeout(function () { follow(id); }, 1000); }
      });
  }

  var waiting = section.dataset.status;
  if (waiting === "queued" || waiting === "running") { follow(section.dataset.id); }

  var data = document.getElementById("scenario-data");
  if (!data) { return; }
  data = JSON.parse(data.textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  function series(rows, label) {
    return rows.map(function (values, i) {
      return { label: data.names[i], data: values, borderColor: colours[i % colours.length],
               backgroundColor: colours[i % colours.length] };
    });
  }
  var days = data.backlog.length ? data.backlog[0].map(function (_, d) { return d + 1; }) : [];
  new Chart(document.getElementById("backlog-chart"), {
    type: "line", data: { labels: days, datasets: series(data.backlog) },
    options: { scales: { x: { title: { display: true, text: data.labels.day } },
                         y: { title: { display: true, text: data.labels.teu } } } }
  });
  var bands = data.histogram.length ? data.histogram[0].map(function (_, b) { return b; }) : [];
  new Chart(document.getElementById("lead-chart"), {
    type: "bar", data: { labels: bands, datasets: series(data.histogram) },
    options: { scales: { x: { title: { display: true, text: data.labels.days } },
                         y: { title: { display: true, text: data.labels.teu } } } }
  });
  new Chart(document.getElementById("utilisation-chart"), {
    type: "bar", data: { labels: data.service_names,
      datasets: series(data.utilisation.map(function (row) { return row.map(function (x) { return 100 * x; }); })) },
    options: { indexAxis: "y", scales: { x: { min: 0, title: { display: true, text: data.labels.share } } } }
  });
})();
