// Public pages. Everything works without this script; it adds what the GOV.UK error pattern and the copy button need.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // A form that came back with problems: move focus to the summary so that it is read out first.
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }

    // The "Copy link" button shows only where the browser can copy.
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!target || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.value).then(function () {
          if (status) { status.textContent = "Link copied."; }
        }, function () {
          target.select();
          if (status) { status.textContent = "Select the link and copy it."; }
        });
      });
    });
  });

  // A link in the error summary moves focus to its field and shows the field's question (label or legend) too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) {
      return;
    }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var question = fieldset ? fieldset.querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
    (question || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
