/* The main menu (templates/base.html): on a wide screen each group is a drop-down, one open at
   a time, closed by Escape or a click elsewhere; on a phone one "menu" disclosure shows every
   group open, so any item is two taps away. Without this script every group still opens. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu) return;
  var groups = Array.prototype.slice.call(menu.querySelectorAll("[data-group]"));
  var phone = window.matchMedia("(max-width: 759px)");

  function layout() {
    menu.open = !phone.matches;
    groups.forEach(function (group) { group.open = phone.matches; });
  }
  layout();
  if (phone.addEventListener) phone.addEventListener("change", layout);

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (phone.matches || !group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || phone.matches) return;
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (phone.matches || menu.contains(event.target)) return;
    groups.forEach(function (group) { group.open = false; });
  });
})();
