// The handover note's print button (a script file: the page's CSP allows no inline script).
(function () {
  "use strict";
  var button = document.getElementById("afdrukken");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
