/* make-book serve's live preview, loaded by every page it serves (never by the web
   edition that `make-book build -f html` writes).

   Listens to the server's events: after a build that succeeded, the page reloads
   (keeping its scroll position); while the book has errors, an overlay lists them as
   path:line:col: severity: message [code], over the last good pages. Warnings of a
   good build show as a small button that opens the same list. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(new URL(script.src, window.location.href).searchParams.get("generation") || -1);
  var SCROLL_KEY = "make-book-serve-scroll:" + window.location.pathname;
  var panel = null;

  var saved = window.sessionStorage.getItem(SCROLL_KEY);
  if (saved !== null) {
    window.sessionStorage.removeItem(SCROLL_KEY);
    window.addEventListener("load", function () {
      window.scrollTo(0, Number(saved));
    });
  }

  function reload() {
    window.sessionStorage.setItem(SCROLL_KEY, String(window.scrollY));
    window.location.reload();
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) {
      node.style.setProperty(name, rules[name]);
    });
  }

  function clear() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  /* The overlay: the problems of the last build, the errors first. */
  function show(state) {
    clear();
    var problems = state.problems;
    if (!problems.length) {
      return;
    }
    panel = element("aside", {
      id: "make-book-problems",
      "aria-label": "make-book serve: problems in the book",
      lang: "en",
      dir: "ltr"
    });
    style(panel, {
      position: "fixed", "z-index": "2147483647", left: "0", right: "0", bottom: "0",
      "max-height": "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#fff", color: "#1a1a1a", "border-top": "4px solid #b00020",
      "box-shadow": "0 -0.5rem 1.5rem rgba(0,0,0,0.2)",
      font: "15px/1.45 system-ui, sans-serif", "text-align": "left"
    });
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var warnings = problems.length - errors;
    var count = errors + (errors === 1 ? " error" : " errors");
    var heading = element("h2", {}, !state.failed
      ? warnings + (warnings === 1 ? " warning" : " warnings")
      : state.served
        ? count + ": these pages are from the last build that worked"
        : count + ": the book does not build yet");
    style(heading, { margin: "0 0 0.6rem", font: "700 17px/1.3 system-ui, sans-serif" });
    var close = element("button", { type: "button" }, "Hide");
    style(close, { float: "right", font: "inherit", padding: "0.2rem 0.8rem", cursor: "pointer" });
    close.addEventListener("click", function () {
      panel.hidden = true;
      badge(state);
    });
    panel.appendChild(close);
    panel.appendChild(heading);
    var list = element("ul", { role: "list" });
    style(list, { margin: "0", padding: "0", "list-style": "none" });
    problems.slice().sort(function (a, b) {
      return (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1);
    }).forEach(function (problem) {
      var item = element("li", { "class": "make-book-problem make-book-" + problem.severity });
      style(item, {
        margin: "0 0 0.4rem", padding: "0.3rem 0.6rem", "font-family": "ui-monospace, monospace",
        "font-size": "13px", "white-space": "pre-wrap", "overflow-wrap": "anywhere",
        "border-left": "4px solid " + (problem.severity === "error" ? "#b00020" : "#8a5a00"),
        background: problem.severity === "error" ? "#fdecee" : "#fff6e0"
      });
      item.textContent = problem.text;
      list.appendChild(item);
    });
    panel.appendChild(list);
    document.body.appendChild(panel);
    if (!state.failed) {
      panel.hidden = true;
      badge(state);
    }
  }

  /* A good build's warnings wait behind a small button. */
  function badge(state) {
    var button = element("button", { type: "button", id: "make-book-problems-button" },
      state.problems.length + (state.problems.length === 1 ? " problem" : " problems"));
    style(button, {
      position: "fixed", "z-index": "2147483647", right: "1rem", bottom: "1rem",
      padding: "0.4rem 0.9rem", font: "600 14px system-ui, sans-serif", color: "#fff",
      background: state.failed ? "#b00020" : "#7a4f00", border: "0", "border-radius": "1rem",
      cursor: "pointer"
    });
    button.addEventListener("click", function () {
      button.remove();
      panel.hidden = false;
    });
    document.body.appendChild(button);
  }

  var events = new EventSource("/_live/events");
  events.addEventListener("state", function (message) {
    var state = JSON.parse(message.data);
    var stale = state.generation !== shown;
    if (stale && !state.failed) {
      events.close();
      reload();
      return;
    }
    var old = document.getElementById("make-book-problems-button");
    if (old) {
      old.remove();
    }
    show(state);
  });
  events.addEventListener("error", function () {
    if (events.readyState === EventSource.CLOSED) {
      document.title = "(stopped) " + document.title;
    }
  });
})();
