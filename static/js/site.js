/* Progressive enhancement only: every feature works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Facet checkboxes and the sort menu apply at once when JavaScript runs.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // Autocomplete: an ARIA combobox over /sok/autocomplete/.
  var counter = 0;
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var url = input.getAttribute("data-autocomplete");
    var listId = "ac-list-" + (++counter);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var items = [], active = -1, timer = null, lastQuery = "";

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function select(index) {
      var children = list.children;
      for (var i = 0; i < children.length; i++) children[i].setAttribute("aria-selected", i === index ? "true" : "false");
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", children[index].id);
    }
    function go(item) { window.location.href = item.url; }
    function render(suggestions) {
      list.innerHTML = ""; items = suggestions; active = -1;
      if (!suggestions.length) { close(); return; }
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(s); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        lastQuery = q;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { if (q === lastQuery) render(data.suggestions || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(items[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });
})();
