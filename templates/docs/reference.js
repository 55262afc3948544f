// Search: keeps the operations and schemas whose name, method, path, summary
// or fields contain every word typed; hides the rest and their sidebar entries.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  var empty = document.getElementById("no-results");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  var navItems = Array.prototype.slice.call(document.querySelectorAll("#nav li[data-target]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
  var navGroups = Array.prototype.slice.call(document.querySelectorAll("#nav .nav-group"));

  function apply() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var shown = Object.create(null);
    var count = 0;
    items.forEach(function (el) {
      var text = el.getAttribute("data-search");
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
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
  }

  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; apply(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== input) { e.preventDefault(); input.focus(); }
  });
  if (input.value) { apply(); }
})();
