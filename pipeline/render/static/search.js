// Site search with Pagefind's index (built with the site, see render/site_search.py): type
// and the episodes, articles and transcript passages that match appear as a list of links.
// The query lives in the address (?q=), so a search can be shared and the back button works.
// Every word shown comes from the form's data- attributes, in the show's language.
(function () {
  "use strict";
  var loaded = {};

  function bundle(form) {
    var url = new URL(form.dataset.bundle, location.href).href;
    if (!loaded[url]) {
      var root = new URL(form.dataset.root, location.href).pathname;
      loaded[url] = import(url).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: root })).then(function () {
          return pagefind;
        });
      });
    }
    return loaded[url];
  }

  function say(template, query, count) {
    return template.replace("{q}", query).replace("{n}", String(count));
  }

  // Pagefind's excerpts mark the matched words with <mark>; keep those and plain text only.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("p");
    Array.prototype.forEach.call(holder.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function init() {
    var form = document.querySelector("form[data-search]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var asked = 0;
    var timer = null;

    function run(query, remember) {
      var mine = ++asked;
      if (remember) {
        var url = new URL(location.href);
        if (query) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        history.replaceState(history.state, "", url.href);
      }
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      bundle(form).then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (results) {
        if (mine !== asked) return;
        list.textContent = "";
        results.forEach(function (result) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = new URL(result.url, location.href).href;
          link.textContent = (result.meta && result.meta.title) || result.url;
          var heading = document.createElement("h2");
          heading.appendChild(link);
          item.appendChild(heading);
          item.appendChild(excerpt(result.excerpt || ""));
          list.appendChild(item);
        });
        var template = results.length === 0 ? form.dataset.none
          : results.length === 1 ? form.dataset.one : form.dataset.many;
        status.textContent = say(template, query, results.length);
      }).catch(function () {
        if (mine === asked) status.textContent = form.dataset.error;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value.trim(), true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value.trim(), true); }, 250);
    });
    var query = new URL(location.href).searchParams.get("q") || "";
    if (query) {
      input.value = query;
      run(query, false);
    }
  }

  init();
  document.addEventListener("pipeline:page", init);
})();
