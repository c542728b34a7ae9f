// A table wider than the screen scrolls sideways in its .table-wrap box. Mark the edges that
// have more to see (a shadow, in lindra.css) and show the hint above the table while it is
// wider than its box. Tables that come in with htmx get the same.
(function () {
  "use strict";

  function update(frame, box, hint) {
    var more = box.scrollWidth - box.clientWidth;
    frame.classList.toggle("has-more-left", more > 1 && box.scrollLeft > 1);
    frame.classList.toggle("has-more-right", more > 1 && box.scrollLeft < more - 1);
    hint.hidden = more <= 1;
  }

  function frameOf(box) {
    if (box.parentElement.classList.contains("table-scroll")) return box.parentElement;
    var frame = document.createElement("div");
    frame.className = "table-scroll";
    var hint = document.getElementById("table-hint").content.firstElementChild.cloneNode(true);
    box.parentElement.insertBefore(hint, box);
    box.parentElement.insertBefore(frame, box);
    frame.appendChild(box);
    return frame;
  }

  function enhance(box) {
    if (box.dataset.scrollCue) return;
    box.dataset.scrollCue = "on";
    var frame = frameOf(box);
    var hint = frame.previousElementSibling;
    var refresh = function () { update(frame, box, hint); };
    box.addEventListener("scroll", refresh, { passive: true });
    var sizes = new ResizeObserver(refresh);
    sizes.observe(box);
    if (box.firstElementChild) sizes.observe(box.firstElementChild);
    refresh();
  }

  function enhanceAll(root) {
    if (root.matches && root.matches(".table-wrap")) enhance(root);
    if (root.querySelectorAll) root.querySelectorAll(".table-wrap").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
