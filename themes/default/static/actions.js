// Marks the action items whose due date (data-due="YYYY-MM-DD") is before today, in the
// reader's time zone, with the class `overdue`. The page is the same for every build; only
// this script knows today's date. A default due date (incidex.yaml's `action_due_days`, for
// an item that states none) is in data-due like a written one, and judged the same way.
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var items = document.querySelectorAll("[data-due]");
  for (var i = 0; i < items.length; i++) {
    var due = items[i].getAttribute("data-due");
    if (/^\d{4}-\d{2}-\d{2}$/.test(due) && due < today) {
      items[i].classList.add("overdue");
    }
  }
})();
