// A question shown only after a given answer to an earlier one: hidden until that answer is
// chosen, and hidden again when it is taken back. Without JavaScript every question shows with
// its note ("Svar bare hvis du svarte …"), and the server drops the answers to those hidden.
(function () {
  "use strict";

  function chosen(form, name) {
    var box = form.querySelector('[data-question="' + name + '"]');
    if (box && box.hidden) return [];
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    return Array.prototype.filter
      .call(inputs, function (input) { return input.checked || input.tagName === "SELECT"; })
      .map(function (input) { return input.value; });
  }

  function update(form) {
    // In the page's order: a condition is always on an earlier question, so one pass settles
    // chains (a question shown after one that is itself hidden stays hidden).
    form.querySelectorAll("[data-shown-if]").forEach(function (box) {
      box.hidden = chosen(form, box.dataset.shownIf).indexOf(box.dataset.shownIfAnswer) < 0;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-conditions]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
