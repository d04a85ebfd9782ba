// Site search with the index the build writes (render/site/search.py): type, and the
// episodes, articles and transcript passages that hold every word appear as a list of
// links, each with a passage of the page around the first word found.
// The query lives in the address (?q=), so a search can be shared and the back button works.
// Every word shown comes from the form's data- attributes, in the show's language.
(function () {
  "use strict";
  var SHARD = 3; // a term's shard: its first letters, as in search.py
  var SHOWN = 20;
  var cache = {};

  // Words as the index keeps them: lower case, accents off, runs of letters and digits.
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  // A shard's file name, as search.py writes it: a-z and 0-9 as they are, anything else
  // as "_" and its UTF-8 bytes in hex.
  function fileName(shard) {
    var out = "";
    var bytes = new TextEncoder();
    Array.from(shard).forEach(function (c) {
      if (/^[a-z0-9]$/.test(c)) {
        out += c;
      } else {
        out += "_" + Array.from(bytes.encode(c), function (b) {
          return b.toString(16).padStart(2, "0");
        }).join("");
      }
    });
    return out;
  }

  function fetchJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (response.status === 404) return {}; // no term starts so: nothing found
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return cache[url];
  }

  // Every document that has all the words (each as a term or the start of one), best first.
  function find(base, query) {
    var wanted = words(query).filter(function (w) { return w.length >= SHARD; });
    if (!wanted.length) return Promise.resolve([]);
    return Promise.all([fetchJSON(base + "docs.json")].concat(wanted.map(function (w) {
      return fetchJSON(base + "terms/" + fileName(w.slice(0, SHARD)) + ".json");
    }))).then(function (loaded) {
      var docs = loaded[0];
      var scores = null;
      wanted.forEach(function (word, i) {
        var terms = loaded[i + 1];
        var mine = {};
        Object.keys(terms).forEach(function (term) {
          if (term.indexOf(word) !== 0) return;
          var list = terms[term];
          var rarity = Math.log(1 + docs.length / (list.length / 2));
          var weight = term === word ? 1 : 0.6; // the word itself before longer words
          for (var k = 0; k < list.length; k += 2) {
            var count = list[k + 1];
            mine[list[k]] = (mine[list[k]] || 0) + weight * rarity * count / (count + 1.2);
          }
        });
        if (scores === null) {
          scores = mine;
        } else {
          Object.keys(scores).forEach(function (doc) {
            if (mine[doc] === undefined) delete scores[doc];
            else scores[doc] += mine[doc];
          });
        }
      });
      return Object.keys(scores || {}).map(Number).sort(function (a, b) {
        return scores[b] - scores[a] || a - b;
      }).map(function (doc) {
        return { path: docs[doc][0], title: docs[doc][1] };
      });
    });
  }

  // The page's own text around the first word found, the words marked.
  function passage(url, query) {
    return fetch(url).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var article = page.querySelector("article");
      if (!article) return null;
      var text = article.textContent.replace(/\s+/g, " ").trim();
      var folded = fold(text);
      var hits = words(query).filter(function (w) { return w.length >= SHARD; });
      var first = -1;
      hits.forEach(function (w) {
        var at = folded.indexOf(w);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      });
      if (first < 0) first = 0;
      var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, first - 80)));
      var end = Math.min(text.length, first + 160);
      var out = document.createElement("p");
      var piece = text.slice(start, end);
      var foldedPiece = fold(piece);
      var at = 0;
      // fold() keeps lengths for Latin text, so positions found in it mark the original.
      var marks = [];
      hits.forEach(function (w) {
        var from = 0;
        var found;
        while ((found = foldedPiece.indexOf(w, from)) >= 0) {
          marks.push([found, found + w.length]);
          from = found + w.length;
        }
      });
      marks.sort(function (a, b) { return a[0] - b[0]; });
      marks.forEach(function (m) {
        if (m[0] < at) return;
        out.appendChild(document.createTextNode(piece.slice(at, m[0])));
        var mark = document.createElement("mark");
        mark.textContent = piece.slice(m[0], m[1]);
        out.appendChild(mark);
        at = m[1];
      });
      out.appendChild(document.createTextNode(piece.slice(at) + (end < text.length ? " …" : "")));
      if (start > 0) out.insertBefore(document.createTextNode("… "), out.firstChild);
      return out;
    }).catch(function () { return null; });
  }

  function say(template, query, count) {
    return template.replace("{q}", query).replace("{n}", String(count));
  }

  function init() {
    var form = document.querySelector("form[data-search]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var root = new URL(form.dataset.root, location.href).href;
    var base = new URL(form.dataset.index, location.href).href;
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
      find(base, query).then(function (found) {
        var shown = found.slice(0, SHOWN);
        return Promise.all(shown.map(function (result) {
          var href = new URL(result.path, root).href;
          return passage(href, query).then(function (p) {
            return { href: href, title: result.title, passage: p };
          });
        })).then(function (results) { return [results, found.length]; });
      }).then(function (done) {
        if (mine !== asked) return;
        var results = done[0];
        list.textContent = "";
        results.forEach(function (result) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = result.href;
          link.textContent = result.title || result.href;
          var heading = document.createElement("h2");
          heading.appendChild(link);
          item.appendChild(heading);
          if (result.passage) item.appendChild(result.passage);
          list.appendChild(item);
        });
        var count = done[1];
        var template = count === 0 ? form.dataset.none
          : count === 1 ? form.dataset.one : form.dataset.many;
        status.textContent = say(template, query, count);
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
