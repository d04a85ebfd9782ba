// `pipeline serve` only (the preview server adds this script to each page it sends; built
// sites never contain it): reload the page when a rebuild finishes, and show the problems
// over the page while the last edit breaks the build.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var build = script.dataset.build;
  var base = new URL(".", script.src);
  var box = null;

  function show(message) {
    if (!box) {
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = new URL("reload.css", base).href;
      document.head.appendChild(sheet);
      box = document.createElement("div");
      box.className = "pipeline-build-error";
      box.setAttribute("role", "alert");
      var title = document.createElement("h2");
      title.textContent = "The last change broke the build";
      var note = document.createElement("p");
      note.textContent = "This is the last good preview. Fix the problem and save: the page " +
        "updates by itself.";
      var text = document.createElement("pre");
      box.appendChild(title);
      box.appendChild(text);
      box.appendChild(note);
    }
    box.querySelector("pre").textContent = message;
    if (!box.isConnected) document.body.appendChild(box);
  }
  function hide() {
    if (!box) return;
    box.querySelector("pre").textContent = "";
    box.remove();
  }

  var events = new EventSource(new URL("events", base).href);
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.error) {
      show(state.error);
      return;
    }
    hide();
    if (String(state.build) === String(build)) return;
    build = String(state.build);
    // The site's player keeps playing: only the page is replaced (static/player.js).
    if (window.pipelineRefresh && window.pipelineRefresh()) return;
    location.reload();
  });
  // Keep the box when player.js swaps the page.
  document.addEventListener("pipeline:page", function () {
    if (box && !box.isConnected && box.querySelector("pre").textContent) document.body.appendChild(box);
  });
})();
