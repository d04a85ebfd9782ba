// The site's player: one <audio> in the dock at the bottom of the window that keeps playing
// while the listener moves through the site.
//
// Without JavaScript every page has a plain <audio controls> (with the transcript as
// captions) and chapter times are links to that moment of the audio file (#t=). This script:
// - turns each page's player into a play button for the dock, and chapter and transcript
//   times into buttons that play the episode from there;
// - fills the dock: artwork, title, play/pause, 15 s back, 30 s forward, a position slider
//   with the chapters as marks, speed 1x-2x, the chapter list and captions (the episode's
//   transcript as a <track>), and highlights the transcript line being spoken;
// - while an episode is loaded, follows links within the site by fetching the page and
//   replacing everything but the dock, with history (back/forward) kept;
// - remembers the episode and position, so a reload or a new page carries on.
// All words come from data- attributes the templates write, in the show's language.
(function () {
  "use strict";
  var dock = document.getElementById("dock");
  var sheet = document.querySelector("link[rel=stylesheet][href$='static/style.css']");
  if (!dock || !sheet || !window.fetch || !window.history.pushState || !window.URL) return;
  var siteRoot = new URL("../", sheet.href); // style.css is in the site's static/ folder
  var audio = dock.querySelector("audio");
  var words = dock.dataset;
  var ui = {
    art: dock.querySelector(".dock-art"),
    title: dock.querySelector(".dock-title"),
    chapter: dock.querySelector(".dock-chapter"),
    toggle: dock.querySelector(".dock-toggle"),
    back: dock.querySelector(".dock-back"),
    forward: dock.querySelector(".dock-forward"),
    range: dock.querySelector(".dock-range"),
    marks: dock.querySelector(".dock-marks"),
    time: dock.querySelector(".dock-time"),
    duration: dock.querySelector(".dock-duration"),
    speed: dock.querySelector(".dock-speed"),
    cc: dock.querySelector(".dock-cc"),
    list: dock.querySelector(".dock-list"),
    panel: dock.querySelector(".dock-chapters"),
    caption: dock.querySelector(".dock-caption")
  };
  var KEY = "pipeline-player:" + siteRoot.pathname;
  var current = null; // the episode in the dock
  var chapters = [];
  var pendingSeek = null;
  var navigation = 0;
  ui.art.addEventListener("error", function () { ui.art.hidden = true; });
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  dock.appendChild(announcer);

  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }
  function absolute(url) {
    return url ? new URL(url, location.href).href : "";
  }
  function episodeOf(card) {
    var d = card.dataset;
    return {
      id: card.id,
      src: absolute(d.src),
      title: d.title || "",
      page: absolute(d.page),
      artwork: absolute(d.artwork),
      chapters: absolute(d.chapters),
      captions: absolute(d.captions),
      duration: parseFloat(d.duration) || 0
    };
  }
  function duration() {
    return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : (current && current.duration) || 0;
  }
  function playing() {
    return !audio.paused && !audio.ended;
  }

  // -- the episode in the dock -------------------------------------------------------------
  function load(episode, position) {
    if (current && current.src === episode.src) return;
    current = episode;
    chapters = [];
    audio.src = episode.src;
    audio.playbackRate = audio.defaultPlaybackRate = parseFloat(ui.speed.value) || 1;
    Array.prototype.forEach.call(audio.querySelectorAll("track"), function (t) { t.remove(); });
    ui.cc.hidden = !episode.captions;
    ui.caption.hidden = true;
    ui.caption.textContent = "";
    if (episode.captions) addCaptions(episode.captions);
    pendingSeek = position || null;
    ui.title.textContent = episode.title;
    ui.title.href = episode.page || "#main";
    ui.art.hidden = !episode.artwork;
    if (episode.artwork) ui.art.src = episode.artwork;
    dock.hidden = false;
    document.documentElement.classList.add("has-dock");
    renderChapters();
    if (episode.chapters) {
      fetch(episode.chapters).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (current !== episode || !data || !data.chapters) return;
        chapters = data.chapters
          .filter(function (c) { return typeof c.startTime === "number" && c.toc !== false; })
          .map(function (c) { return { start: c.startTime, title: String(c.title || "") }; });
        renderChapters();
        update();
      }).catch(function () {});
    }
    if (navigator.mediaSession && window.MediaMetadata) {
      navigator.mediaSession.metadata = new MediaMetadata({
        title: episode.title,
        artist: document.querySelector(".brand") ? document.querySelector(".brand").textContent : "",
        artwork: episode.artwork ? [{ src: episode.artwork }] : []
      });
    }
    update();
    save();
  }
  function addCaptions(src) {
    var track = document.createElement("track");
    track.kind = "captions";
    track.src = src;
    track.srclang = document.documentElement.lang || "";
    track.label = ui.cc.textContent;
    track.default = true;
    audio.appendChild(track);
    track.track.mode = "hidden"; // cues and events without the browser drawing them
    track.track.addEventListener("cuechange", function () {
      var cue = this.activeCues && this.activeCues[0];
      ui.caption.textContent = cue ? (cue.getCueAsHTML ? cue.getCueAsHTML().textContent : cue.text) : "";
    });
  }
  function start(episode, at) {
    load(episode);
    if (typeof at === "number") seek(at);
    var promise = audio.play();
    if (promise && promise.catch) promise.catch(function () {});
  }
  function seek(seconds) {
    var end = duration();
    var target = Math.max(0, end ? Math.min(seconds, end - 0.5) : seconds);
    if (audio.readyState >= 1) audio.currentTime = target;
    else pendingSeek = target;
    update();
  }
  audio.addEventListener("loadedmetadata", function () {
    if (pendingSeek !== null) {
      audio.currentTime = pendingSeek;
      pendingSeek = null;
    }
    renderChapters();
    update();
  });

  function chapterAt(seconds) {
    var found = -1;
    for (var i = 0; i < chapters.length; i++) if (chapters[i].start <= seconds + 0.25) found = i;
    return found;
  }
  function renderChapters() {
    ui.marks.textContent = "";
    var list = ui.panel.querySelector("ol");
    list.textContent = "";
    ui.list.hidden = chapters.length === 0;
    if (!chapters.length) {
      ui.panel.hidden = true;
      ui.list.setAttribute("aria-expanded", "false");
    }
    var end = duration();
    chapters.forEach(function (chapter, i) {
      var label = words.playFrom + " " + clock(chapter.start) + ": " + chapter.title;
      if (end) {
        var mark = document.createElement("button");
        mark.type = "button";
        mark.className = "dock-mark";
        mark.dataset.chapter = i;
        mark.tabIndex = -1; // the chapter list is the keyboard's way in
        mark.setAttribute("aria-label", label);
        mark.title = chapter.title;
        mark.style.left = (100 * chapter.start / end) + "%";
        ui.marks.appendChild(mark);
      }
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.chapter = i;
      button.setAttribute("aria-label", label);
      var time = document.createElement("time");
      time.textContent = clock(chapter.start);
      button.appendChild(time);
      button.appendChild(document.createTextNode(" " + chapter.title));
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // -- keeping everything in step -----------------------------------------------------------
  var lastSaved = 0;
  function update() {
    var now = audio.currentTime || pendingSeek || 0;
    var end = duration();
    ui.range.max = String(Math.floor(end));
    if (document.activeElement !== ui.range) ui.range.value = String(Math.floor(now));
    ui.range.setAttribute("aria-valuetext", clock(now) + " " + words.of + " " + clock(end));
    ui.time.textContent = clock(now);
    ui.duration.textContent = clock(end);
    var on = playing();
    dock.classList.toggle("playing", on);
    ui.toggle.setAttribute("aria-label", on ? words.pause : words.play);
    var index = chapterAt(now);
    ui.chapter.textContent = index >= 0 ? words.chapterLabel + ": " + chapters[index].title : "";
    Array.prototype.forEach.call(ui.panel.querySelectorAll("li"), function (li, i) {
      if (i === index) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
    syncPage(now, on);
  }
  function syncPage(now, on) {
    Array.prototype.forEach.call(document.querySelectorAll(".player-card[data-player]"), function (card) {
      var mine = current && absolute(card.dataset.src) === current.src;
      var label = card.querySelector(".play-label");
      card.classList.toggle("playing", Boolean(mine && on));
      if (label) {
        var texts = label.closest("button").dataset;
        label.textContent = mine && on ? texts.pause : texts.play;
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".cues[data-for]"), function (panel) {
      var card = document.getElementById(panel.dataset.for);
      var mine = current && card && absolute(card.dataset.src) === current.src;
      var cues = panel.querySelectorAll(".cue");
      var active = null;
      if (mine) {
        for (var i = 0; i < cues.length; i++) {
          if (parseFloat(cues[i].dataset.start) <= now + 0.25) active = cues[i];
          else break;
        }
      }
      var before = panel.querySelector(".cue.current");
      if (before === active) return;
      if (before) {
        before.classList.remove("current");
        before.removeAttribute("aria-current");
      }
      if (!active) return;
      active.classList.add("current");
      active.setAttribute("aria-current", "true");
      var follow = panel.parentNode.querySelector(".follow input");
      if (on && (!follow || follow.checked)) {
        panel.scrollTop = active.offsetTop - panel.clientHeight / 3;
      }
    });
  }
  ["timeupdate", "play", "pause", "ended", "durationchange", "seeked"].forEach(function (name) {
    audio.addEventListener(name, function () {
      update();
      if (name !== "timeupdate" || Date.now() - lastSaved > 5000) save();
    });
  });

  // -- the dock's controls ------------------------------------------------------------------
  ui.toggle.addEventListener("click", function () {
    if (!current) return;
    if (playing()) audio.pause();
    else start(current);
  });
  ui.back.addEventListener("click", function () { seek((audio.currentTime || 0) - 15); });
  ui.forward.addEventListener("click", function () { seek((audio.currentTime || 0) + 30); });
  ui.range.addEventListener("input", function () { seek(parseFloat(ui.range.value) || 0); });
  ui.speed.addEventListener("change", function () {
    audio.playbackRate = audio.defaultPlaybackRate = parseFloat(ui.speed.value) || 1;
    save();
  });
  ui.cc.addEventListener("click", function () {
    var on = ui.cc.getAttribute("aria-pressed") !== "true";
    ui.cc.setAttribute("aria-pressed", String(on));
    ui.caption.hidden = !on;
    save();
  });
  ui.list.addEventListener("click", function () {
    var open = ui.panel.hidden;
    ui.panel.hidden = !open;
    ui.list.setAttribute("aria-expanded", String(open));
  });
  dock.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chapter]");
    if (!button || !current) return;
    start(current, chapters[parseInt(button.dataset.chapter, 10)].start);
  });
  if (navigator.mediaSession) {
    var actions = {
      play: function () { if (current) start(current); },
      pause: function () { audio.pause(); },
      seekbackward: function () { seek(audio.currentTime - 15); },
      seekforward: function () { seek(audio.currentTime + 30); },
      seekto: function (details) { seek(details.seekTime); }
    };
    Object.keys(actions).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, actions[name]); } catch (e) { /* unsupported */ }
    });
  }

  // -- remembering --------------------------------------------------------------------------
  function save() {
    lastSaved = Date.now();
    try {
      localStorage.setItem(KEY, JSON.stringify({
        episode: current,
        position: audio.currentTime || pendingSeek || 0,
        speed: ui.speed.value,
        captions: ui.cc.getAttribute("aria-pressed") === "true"
      }));
    } catch (e) { /* private mode or full: nothing to remember */ }
  }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    if (saved.speed) ui.speed.value = saved.speed;
    if (saved.episode && saved.episode.src) {
      load(saved.episode, saved.position || 0);
      if (saved.captions && !ui.cc.hidden) ui.cc.click();
    }
  }
  window.addEventListener("pagehide", save);

  // -- the page's own players, chapters and transcript ---------------------------------------
  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".player-card[data-player]"), function (card) {
      var native = card.querySelector("audio");
      if (native) {
        native.pause();
        native.remove();
      }
      var button = card.querySelector(".play-button");
      if (button) button.hidden = false;
    });
    Array.prototype.forEach.call(root.querySelectorAll("a.seek[data-seek]"), function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "seek";
      button.dataset.seek = link.dataset.seek;
      button.dataset.player = link.dataset.player;
      button.setAttribute("aria-label", link.getAttribute("aria-label") || link.textContent);
      while (link.firstChild) button.appendChild(link.firstChild);
      link.replaceWith(button);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".transcript .follow"), function (label) {
      label.hidden = false;
    });
    Array.prototype.forEach.call(root.querySelectorAll("button[data-copy]"), function (button) {
      button.hidden = !(navigator.clipboard && window.isSecureContext);
    });
    update();
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    var play = target && target.closest(".play-button");
    if (play) {
      var card = play.closest(".player-card");
      var episode = episodeOf(card);
      if (current && current.src === episode.src && playing()) audio.pause();
      else start(episode);
      return;
    }
    var seekButton = target && target.closest("button.seek[data-seek]");
    if (seekButton) {
      var owner = document.getElementById(seekButton.dataset.player);
      if (owner) start(episodeOf(owner), parseFloat(seekButton.dataset.seek) || 0);
      return;
    }
    var copy = target && target.closest("button[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.dataset.copy);
      var status = copy.closest("section").querySelector(".copy-status");
      field.select();
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = copy.dataset.copied;
      }, function () {
        if (status) status.textContent = copy.dataset.failed;
      });
    }
  });

  // -- moving through the site without stopping ----------------------------------------------
  function ours(url) {
    return url.origin === location.origin && url.pathname.indexOf(siteRoot.pathname) === 0 &&
      (/\/$/.test(url.pathname) || /\.html$/.test(url.pathname));
  }
  document.addEventListener("click", function (event) {
    if (!current || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    if (dock.contains(link) && link !== ui.title) return;
    var url = new URL(link.href);
    if (!ours(url)) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    go(url.href, true);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!current || event.defaultPrevented || form.method.toLowerCase() !== "get") return;
    var url = new URL(form.action);
    if (!ours(url)) return;
    url.search = new URLSearchParams(new FormData(form)).toString();
    event.preventDefault();
    go(url.href, true);
  });
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.pipeline) go(location.href, false, event.state.y || 0);
  });
  function go(href, push, scrollTo) {
    var mine = ++navigation;
    document.documentElement.classList.add("navigating");
    fetch(href, { credentials: "same-origin" }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (type.indexOf("text/html") < 0) throw new Error("not a page");
      return response.text().then(function (text) { return [response.url || href, text]; });
    }).then(function (got) {
      if (mine !== navigation) return;
      var page = new DOMParser().parseFromString(got[1], "text/html");
      if (!page.getElementById("main")) throw new Error("not one of our pages");
      if (push) {
        history.replaceState({ pipeline: true, y: window.scrollY }, "", location.href);
        history.pushState({ pipeline: true, y: 0 }, "", got[0]);
      }
      swap(page);
      var hash = new URL(got[0]).hash;
      var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
      if (target) target.scrollIntoView();
      else window.scrollTo(0, scrollTo || 0);
      document.getElementById("main").focus({ preventScroll: true });
      announcer.textContent = document.title;
    }).catch(function () {
      if (mine === navigation) location.href = href;
    }).then(function () {
      if (mine === navigation) document.documentElement.classList.remove("navigating");
    });
  }
  function swap(page) {
    document.title = page.title;
    document.documentElement.lang = page.documentElement.lang;
    ["meta[name=description]", "link[rel=canonical]", "meta[name=robots]"].forEach(function (selector) {
      var old = document.head.querySelector(selector), fresh = page.head.querySelector(selector);
      if (old) old.remove();
      if (fresh) document.head.appendChild(document.adoptNode(fresh));
    });
    Array.prototype.forEach.call(page.head.querySelectorAll("script[src]"), function (script) {
      var src = absolute(script.getAttribute("src"));
      var known = Array.prototype.some.call(document.scripts, function (s) { return s.src === src; });
      if (known) return;
      var added = document.createElement("script");
      added.src = src;
      added.defer = true;
      document.head.appendChild(added);
    });
    Array.prototype.slice.call(document.body.children).forEach(function (element) {
      if (element !== dock) element.remove();
    });
    Array.prototype.slice.call(page.body.children).forEach(function (element) {
      if (element.id !== "dock") document.body.insertBefore(document.adoptNode(element), dock);
    });
    enhance(document);
    document.dispatchEvent(new CustomEvent("pipeline:page"));
  }
  // The preview server's live reload: keep playing, replace the page.
  window.pipelineRefresh = function () {
    if (!current) return false;
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", String(Date.now()));
      link.href = url.href;
    });
    go(location.href, false, window.scrollY);
    return true;
  };

  restore();
  enhance(document);
})();
