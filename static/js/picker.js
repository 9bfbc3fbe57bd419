/* The people and unit pickers: a select[data-picker] (hrflow.widgets.StaffPicker, …) becomes a
   search box in the ARIA combobox pattern over the server's search (data-search-url), with the
   chosen entries as removable chips. The select stays in the form, hidden, and carries the
   values; without JavaScript it is the plain select. */
(function () {
  "use strict";

  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function Picker(select) {
    var self = this;
    var data = select.dataset;
    counter += 1;
    this.select = select;
    this.multiple = select.multiple;
    this.url = data.searchUrl;
    this.labels = data;
    this.page = 1;
    this.active = -1;
    this.results = [];
    this.timer = null;

    this.root = el("div", { "class": "picker" });
    select.parentNode.insertBefore(this.root, select);
    this.chips = el("ul", { "class": "picker-chips", "aria-label": data.chosenLabel });
    var listId = "picker-list-" + counter;
    this.input = el("input", {
      type: "text", id: select.id + "_search", role: "combobox", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": listId, autocomplete: "off",
      placeholder: data.searchPlaceholder, "data-picker-input-for": select.id
    });
    this.list = el("ul", { id: listId, role: "listbox", "class": "picker-list" });
    this.list.hidden = true;
    this.status = el("p", { "class": "visually-hidden", "aria-live": "polite" });
    this.root.appendChild(this.chips);
    this.root.appendChild(this.input);
    this.root.appendChild(this.list);
    this.root.appendChild(this.status);
    this.root.appendChild(select);
    select.hidden = true;
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) { label.htmlFor = this.input.id; }
    var described = select.getAttribute("aria-describedby");
    if (described) { this.input.setAttribute("aria-describedby", described); }
    if (select.getAttribute("aria-invalid")) { this.input.setAttribute("aria-invalid", "true"); }

    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.search(1); }, 200);
    });
    this.input.addEventListener("focus", function () { if (!self.input.value) { self.search(1); } });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.choose(+option.getAttribute("data-index")); }
    });
    this.renderChips();
  }

  Picker.prototype.search = function (page) {
    var self = this;
    var query = this.input.value;
    var address = this.url + "?q=" + encodeURIComponent(query) + "&page=" + page;
    fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || self.input.value !== query) { return; }
        self.page = page;
        self.results = (page > 1 ? self.results : []).concat(body.results);
        self.hasMore = body.has_more;
        self.render(page > 1 ? self.results.length - body.results.length : 0);
      });
  };

  Picker.prototype.isChosen = function (id) {
    var option = this.select.querySelector("option[value='" + id + "']");
    return Boolean(option && option.selected);
  };

  Picker.prototype.render = function (activeIndex) {
    var self = this;
    this.list.textContent = "";
    this.results.forEach(function (result, index) {
      var option = el("li", {
        role: "option", id: self.list.id + "-" + index, "data-index": String(index),
        "aria-selected": self.isChosen(result.id) ? "true" : "false"
      });
      if (result.depth) { option.style.paddingLeft = (0.75 + result.depth * 1.25) + "rem"; }
      option.appendChild(el("span", { "class": "picker-label" }, result.label));
      if (result.hint) { option.appendChild(el("span", { "class": "picker-hint" }, result.hint)); }
      self.list.appendChild(option);
    });
    if (this.hasMore) {
      this.list.appendChild(el("li", {
        role: "option", id: this.list.id + "-more", "data-index": String(this.results.length),
        "class": "picker-more"
      }, this.labels.moreLabel));
    }
    if (!this.results.length) {
      this.list.appendChild(el("li", { "class": "picker-none", "aria-disabled": "true" }, this.labels.noneLabel));
    }
    this.status.textContent = this.results.length ? "" : this.labels.noneLabel;
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.move(this.results.length ? activeIndex : -1);
  };

  Picker.prototype.count = function () { return this.results.length + (this.hasMore ? 1 : 0); };

  Picker.prototype.move = function (index) {
    var previous = this.list.querySelector(".is-active");
    if (previous) { previous.classList.remove("is-active"); }
    this.active = index;
    var option = index >= 0 ? this.list.querySelector("[data-index='" + index + "']") : null;
    if (option) {
      option.classList.add("is-active");
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Picker.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Picker.prototype.onKey = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) { this.search(1); return; }
      this.move(Math.min(this.active + 1, this.count() - 1));
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      this.move(Math.max(this.active - 1, 0));
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    } else if (event.key === "Backspace" && !this.input.value && this.multiple) {
      var chosen = Array.prototype.filter.call(this.select.options, function (o) { return o.selected; });
      if (chosen.length) { this.unchoose(chosen[chosen.length - 1].value); }
    }
  };

  Picker.prototype.choose = function (index) {
    if (index === this.results.length && this.hasMore) { this.search(this.page + 1); return; }
    var result = this.results[index];
    if (!result) { return; }
    var option = this.select.querySelector("option[value='" + result.id + "']");
    if (!option) {
      option = new Option(result.label, String(result.id));
      this.select.appendChild(option);
    }
    if (!this.multiple) {
      Array.prototype.forEach.call(this.select.options, function (o) { o.selected = false; });
    }
    option.selected = true;
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
    this.input.value = "";
    this.renderChips();
    this.close();
    this.input.focus();
  };

  Picker.prototype.unchoose = function (value) {
    var option = this.select.querySelector("option[value='" + value + "']");
    if (option) { option.selected = false; }
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
    this.renderChips();
    this.input.focus();
  };

  Picker.prototype.renderChips = function () {
    var self = this;
    this.chips.textContent = "";
    Array.prototype.forEach.call(this.select.options, function (option) {
      if (!option.selected || !option.value) { return; }
      var chip = el("li", { "class": "picker-chip", "data-value": option.value });
      chip.appendChild(el("span", {}, option.textContent));
      var remove = el("button", {
        type: "button", "class": "picker-remove",
        "aria-label": self.labels.removeLabel + " " + option.textContent
      }, "×");
      remove.addEventListener("click", function () { self.unchoose(option.value); });
      chip.appendChild(remove);
      self.chips.appendChild(chip);
    });
    this.chips.hidden = !this.chips.children.length;
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), function (select) {
      if (!select.closest(".picker")) { select.picker = new Picker(select); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
