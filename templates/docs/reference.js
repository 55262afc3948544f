// Search. One page: keeps the operations and schemas whose name, method,
// path, summary or fields contain every word typed, and hides the rest and
// their sidebar entries. Split reference (body[data-search-index]): loads the
// shared index on first use and lists the matches as links instead.
// Copy buttons copy the text of the block they sit in.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  var empty = document.getElementById("no-results");
  var indexFile = document.body.getAttribute("data-search-index");
  var RESULT_LIMIT = 100;

  function termsOf(value) {
    return value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }
  function matches(text, terms) {
    return terms.every(function (t) { return text.indexOf(t) !== -1; });
  }

  // ---------------------------------------------------------- one page
  function pageSearch() {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
    var navItems = Array.prototype.slice.call(document.querySelectorAll("#nav li[data-target]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
    var navGroups = Array.prototype.slice.call(document.querySelectorAll("#nav .nav-group"));
    return function apply() {
      var terms = termsOf(input.value);
      var shown = Object.create(null);
      var count = 0;
      items.forEach(function (el) {
        var match = matches(el.getAttribute("data-search"), terms);
        el.hidden = !match;
        if (match) { shown[el.id] = true; count += 1; }
      });
      navItems.forEach(function (li) { li.hidden = !shown[li.getAttribute("data-target")]; });
      groups.forEach(function (g) { g.hidden = !g.querySelector("[data-search]:not([hidden])"); });
      navGroups.forEach(function (g) {
        g.hidden = terms.length > 0 && !g.querySelector("li[data-target]:not([hidden])");
      });
      var overview = document.getElementById("overview");
      if (overview) { overview.hidden = terms.length > 0; }
      empty.hidden = count > 0;
      status.textContent = terms.length > 0 ? count + " of " + items.length : "";
    };
  }

  // ---------------------------------------------------------- split reference
  function indexSearch() {
    var results = document.getElementById("search-results");
    var content = Array.prototype.slice.call(document.getElementById("content").children)
      .filter(function (el) { return el !== results && el !== empty; });
    var loading = false;
    // The index is loaded once, on first focus or input; the search runs
    // again when it arrives.
    function load() {
      if (loading || window.SPECSMITH_SEARCH_INDEX) { return; }
      loading = true;
      var script = document.createElement("script");
      script.onload = function () { apply(); };
      script.setAttribute("src", indexFile);
      document.head.appendChild(script);
    }
    function apply() {
      var terms = termsOf(input.value);
      if (terms.length === 0) {
        results.hidden = true;
        results.textContent = "";
        content.forEach(function (el) { el.hidden = false; });
        empty.hidden = true;
        status.textContent = "";
        return;
      }
      if (!window.SPECSMITH_SEARCH_INDEX) {
        status.textContent = "Loading…";
        load();
        return;
      }
      render(terms);
    }
    function render(terms) {
      var index = window.SPECSMITH_SEARCH_INDEX;
      var found = index.filter(function (e) { return matches(e[0], terms); });
      results.textContent = "";
      found.slice(0, RESULT_LIMIT).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e[1];
        if (e[2]) {
          var m = document.createElement("span");
          m.className = "method m-" + e[2].toLowerCase();
          m.textContent = e[2];
          a.appendChild(m);
          a.appendChild(document.createTextNode(" "));
        }
        a.appendChild(document.createTextNode(e[3]));
        li.appendChild(a);
        var detail = document.createElement("code");
        detail.className = "detail";
        detail.textContent = e[4];
        li.appendChild(document.createTextNode(" "));
        li.appendChild(detail);
        results.appendChild(li);
      });
      if (found.length > RESULT_LIMIT) {
        var more = document.createElement("li");
        more.className = "more";
        more.textContent = (found.length - RESULT_LIMIT) + " more: type more words to narrow the search.";
        results.appendChild(more);
      }
      results.hidden = found.length === 0;
      content.forEach(function (el) { el.hidden = true; });
      empty.hidden = found.length > 0;
      status.textContent = found.length + " of " + index.length;
    }
    input.addEventListener("focus", load);
    return apply;
  }

  var apply = indexFile ? indexSearch() : pageSearch();
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; apply(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== input) { e.preventDefault(); input.focus(); }
  });
  if (input.value) { apply(); }

  // ---------------------------------------------------------- copy buttons
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.copy") : null;
    if (!button) { return; }
    var code = button.parentNode.querySelector("pre");
    if (!code) { return; }
    var text = code.textContent;
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (err) { /* nothing to copy into */ }
    document.body.removeChild(area);
  }
})();
