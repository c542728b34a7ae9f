// Buttons marked data-print print the page (the policy of Lindra's pages allows no inline
// handlers, so the button gets its listener here).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
