// Accessible names for two of Wagtail's editing widgets that render without one (WCAG 4.1.2):
// - the text box of the keyword tag field, which jQuery tag-it adds beside the labelled (hidden) input;
// - rich-text editors inside StreamField blocks, which Draftail renders as role="textbox" with no label.
// Each gets aria-labelledby pointing at the label Wagtail already shows. Blocks added later are named too.
// The side panel's minimap list scrolls, but its links are out of the tab order while it is collapsed;
// the list itself takes focus, so keyboard users can scroll it (WCAG 2.1.1).
(function () {
  "use strict";

  function nameTagInputs(root) {
    root.querySelectorAll("input.ui-autocomplete-input:not([aria-labelledby])").forEach(function (input) {
      var field = input.closest("[data-field]");
      var original = field && field.querySelector("input[data-controller~='w-tag']");
      var label = original && document.getElementById(original.id + "-label");
      if (label) {
        input.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function nameRichTextEditors(root) {
    var editors = root.querySelectorAll(
      ".public-DraftEditor-content[role='textbox']:not([aria-labelledby]):not([aria-label])"
    );
    editors.forEach(function (editor) {
      var section = editor.closest("section[aria-labelledby]");
      if (section) {
        editor.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
      }
    });
  }

  function focusableMinimap(root) {
    root.querySelectorAll(".w-minimap__list:not([tabindex])").forEach(function (list) {
      list.setAttribute("tabindex", "0");
    });
  }

  function nameAll() {
    nameTagInputs(document);
    nameRichTextEditors(document);
    focusableMinimap(document);
  }

  function start() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
