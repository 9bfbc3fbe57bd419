/* HRFlow's forms, enhanced: a Buddhist-Era calendar beside every date input (input[data-be-date],
   rendered by hrflow.widgets.BuddhistEraDateInput) and the error summary taking the focus.
   Everything here is an addition: without JavaScript a date is typed as dd/mm/BBBB and the
   summary's links still jump to the fields. */
(function () {
  "use strict";

  var BE = 543;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function arabicDigits(text) {
    return text.replace(/[\u0E50-\u0E59]/g, function (c) { return String(c.charCodeAt(0) - 0x0E50); });
  }

  /* The same rule as ThaiDateField: d/m/yyyy, a year above 2400 is BE; yyyy-mm-dd is CE. */
  function parse(text) {
    var value = arabicDigits(text || "").trim();
    var m = /^(\d{1,2})[\/\-.](\d{1,2})[\/\-.](\d{4})$/.exec(value);
    var day, month, year;
    if (m) {
      day = +m[1]; month = +m[2] - 1; year = +m[3];
      if (year > 2400) { year -= BE; }
    } else {
      m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) { return null; }
      year = +m[1]; month = +m[2] - 1; day = +m[3];
    }
    var date = new Date(year, month, day);
    return date.getMonth() === month && date.getDate() === day ? date : null;
  }

  function format(date) {
    return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + (date.getFullYear() + BE);
  }

  function addDays(date, n) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n); }

  function addMonths(date, n) {
    var first = new Date(date.getFullYear(), date.getMonth() + n, 1);
    var last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
    return new Date(first.getFullYear(), first.getMonth(), Math.min(date.getDate(), last));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  var lang = document.documentElement.lang || "th";
  var monthName = new Intl.DateTimeFormat(lang, { month: "long" });
  var weekdayShort = new Intl.DateTimeFormat(lang, { weekday: "narrow" });
  var weekdayLong = new Intl.DateTimeFormat(lang, { weekday: "long" });
  var counter = 0;

  function monthTitle(date) { return monthName.format(date) + " " + (date.getFullYear() + BE); }

  function dayLabel(date) {
    return weekdayLong.format(date) + " " + date.getDate() + " " + monthTitle(date);
  }

  function Calendar(input) {
    var self = this;
    var data = input.dataset;
    counter += 1;
    this.input = input;
    this.wrap = el("span", { "class": "be-date" });
    input.parentNode.insertBefore(this.wrap, input);
    this.wrap.appendChild(input);
    this.toggle = el("button", {
      type: "button", "class": "be-date-toggle", "aria-haspopup": "dialog",
      "aria-expanded": "false", "aria-label": data.pickLabel || "Pick a date",
      "data-be-date-toggle": ""
    });
    this.toggle.innerHTML = '<svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 20 20"><rect x="2.5" y="4" width="15" height="13.5" rx="2" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M2.5 8h15M6.5 2v4M13.5 2v4" stroke="currentColor" stroke-width="1.6"/></svg>';
    this.wrap.appendChild(this.toggle);

    var titleId = "be-cal-title-" + counter;
    this.dialog = el("div", {
      "class": "be-cal", role: "dialog", "aria-modal": "false", "aria-labelledby": titleId,
      "data-be-calendar": ""
    });
    this.dialog.hidden = true;
    var head = el("div", { "class": "be-cal-head" });
    this.prev = el("button", { type: "button", "class": "be-cal-nav", "aria-label": data.prevLabel || "Previous month" }, "‹");
    this.next = el("button", { type: "button", "class": "be-cal-nav", "aria-label": data.nextLabel || "Next month" }, "›");
    this.title = el("span", { "class": "be-cal-title", id: titleId, "aria-live": "polite", "data-be-calendar-title": "" });
    head.appendChild(this.prev); head.appendChild(this.title); head.appendChild(this.next);
    this.grid = el("table", { role: "grid", "class": "be-cal-grid", "aria-labelledby": titleId });
    var headRow = el("tr");
    for (var d = 0; d < 7; d += 1) {
      var sample = new Date(2000, 0, 2 + d); /* 2 January 2000 was a Sunday */
      headRow.appendChild(el("th", { scope: "col", abbr: weekdayLong.format(sample) }, weekdayShort.format(sample)));
    }
    var thead = el("thead"); thead.appendChild(headRow);
    this.body = el("tbody");
    this.grid.appendChild(thead); this.grid.appendChild(this.body);
    this.close = el("button", { type: "button", "class": "link-button be-cal-close" }, data.closeLabel || "Close");
    this.dialog.appendChild(head); this.dialog.appendChild(this.grid); this.dialog.appendChild(this.close);
    this.wrap.appendChild(this.dialog);

    this.toggle.addEventListener("click", function () { if (self.dialog.hidden) { self.open(); } else { self.hide(true); } });
    this.prev.addEventListener("click", function () { self.show(addMonths(self.focused, -1), false); });
    this.next.addEventListener("click", function () { self.show(addMonths(self.focused, 1), false); });
    this.close.addEventListener("click", function () { self.hide(true); });
    this.body.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-date]");
      if (button) { self.pick(parse(button.getAttribute("data-date"))); }
    });
    this.body.addEventListener("keydown", function (event) { self.onGridKey(event); });
    this.dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); self.hide(true); }
    });
    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); self.open(); }
    });
    document.addEventListener("mousedown", function (event) {
      if (!self.dialog.hidden && !self.wrap.contains(event.target)) { self.hide(false); }
    });
    this.wrap.addEventListener("focusout", function (event) {
      if (!self.dialog.hidden && event.relatedTarget && !self.wrap.contains(event.relatedTarget)) { self.hide(false); }
    });
  }

  Calendar.prototype.open = function () {
    this.selected = parse(this.input.value);
    this.toggle.setAttribute("aria-expanded", "true");
    this.dialog.hidden = false;
    this.show(this.selected || new Date(), true);
  };

  Calendar.prototype.hide = function (refocus) {
    this.dialog.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (refocus) { this.toggle.focus(); }
  };

  Calendar.prototype.pick = function (date) {
    this.input.value = format(date);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.hide(false);
    this.input.focus();
  };

  /* Draws the month of `date` with `date` as the one focusable day (roving tabindex). */
  Calendar.prototype.show = function (date, focus) {
    var today = new Date();
    this.focused = date;
    this.title.textContent = monthTitle(date);
    this.body.textContent = "";
    var first = new Date(date.getFullYear(), date.getMonth(), 1);
    var cursor = addDays(first, -first.getDay());
    for (var week = 0; week < 6; week += 1) {
      if (week > 0 && cursor.getMonth() !== date.getMonth()) { break; }
      var row = el("tr");
      for (var day = 0; day < 7; day += 1) {
        var cell = el("td");
        if (cursor.getMonth() === date.getMonth()) {
          var chosen = sameDay(cursor, this.selected);
          cell.setAttribute("aria-selected", chosen ? "true" : "false");
          var button = el("button", {
            type: "button", tabindex: sameDay(cursor, date) ? "0" : "-1",
            "data-date": pad(cursor.getDate()) + "/" + pad(cursor.getMonth() + 1) + "/" + (cursor.getFullYear() + BE),
            "aria-label": dayLabel(cursor)
          }, String(cursor.getDate()));
          if (chosen) { button.className = "is-selected"; }
          if (sameDay(cursor, today)) { button.setAttribute("aria-current", "date"); }
          cell.appendChild(button);
        }
        row.appendChild(cell);
        cursor = addDays(cursor, 1);
      }
      this.body.appendChild(row);
    }
    if (focus) { this.body.querySelector("button[tabindex='0']").focus(); }
  };

  Calendar.prototype.onGridKey = function (event) {
    var date = this.focused;
    var moves = {
      ArrowLeft: function () { return addDays(date, -1); },
      ArrowRight: function () { return addDays(date, 1); },
      ArrowUp: function () { return addDays(date, -7); },
      ArrowDown: function () { return addDays(date, 7); },
      Home: function () { return addDays(date, -date.getDay()); },
      End: function () { return addDays(date, 6 - date.getDay()); },
      PageUp: function () { return addMonths(date, event.shiftKey ? -12 : -1); },
      PageDown: function () { return addMonths(date, event.shiftKey ? 12 : 1); }
    };
    if (!moves[event.key]) { return; }
    event.preventDefault();
    this.show(moves[event.key](), true);
  };

  /* The error summary (templates/includes/form_errors.html) takes the focus, so a screen reader
     reads it and the eye lands on it; its links put the focus in the field, not only scroll. */
  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var id = link && link.getAttribute("href").slice(1);
      var field = id && document.getElementById(id);
      if (!field) { return; }
      if (field.hidden) { /* a select turned into a picker (static/js/picker.js): its search box */
        field = document.querySelector("[data-picker-input-for='" + id + "']") || field;
      }
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-be-date]"), function (input) {
      if (!input.closest(".be-date")) { input.calendar = new Calendar(input); }
    });
    errorSummary();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
