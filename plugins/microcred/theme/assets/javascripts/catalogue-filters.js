/*
 * Faceted browsing for the programme listing.
 *
 * Progressive enhancement: the page already lists every published programme; this script only
 * filters and sorts the cards that are in the page. The filter controls (marked `data-mc-js`)
 * are shown by CSS once an inline script in the head marks the page `mc-js`, before the first
 * paint, so they do not push the cards aside when this script starts. No network request.
 *
 * Markup contract (written by partials/programme-filters.html and partials/programme-card.html):
 *   [data-mc-finder]                  one element around the controls and the cards
 *     fieldset[data-facet=NAME]       a filter group; its inputs have name=NAME
 *       [data-facet-dates]            on the group whose option values are a number of months and
 *                                     whose cards carry ISO dates ("starts within")
 *       input + [data-count]          one option and the element that shows its count
 *     select[data-mc-sort]            values: start | title | duration | fee
 *     [data-mc-status]                the live result count, with text templates in
 *                                     data-all-CATEGORY / data-some-CATEGORY / data-none
 *                                     ({shown}, {total}); CATEGORY is the page language's
 *                                     plural category of the count (one, few, other, ...)
 *     [data-mc-clear]                 clears every filter (keeps the sort order)
 *     [data-mc-toggle]                the disclosure button that shows the filters on phones
 *     [data-mc-more]                  the "show more" button: data-page-size cards are shown at
 *                                     a time; its text is data-text-CATEGORY ({next}, {left})
 *     [data-mc-cards]                 the list of cards; each child is one programme with
 *                                     data-NAME="token token" per facet, data-starts (its
 *                                     upcoming start dates, ISO, ascending), and data-title,
 *                                     data-weeks, data-fee-amount to sort by
 *
 * Speed at thousands of cards: each card's values are read once; an update is one pass over
 * them; only a page of cards is shown at a time (more on request), so restyling the page costs
 * the same for 10 programmes as for 10,000; the URL is written after the frame is drawn. Each
 * sort order is computed once, while the page is idle; sorting or filtering moves only the cards
 * shown (hidden cards are in no particular order: nothing displays or reads them).
 *
 * Within a group the options are ORed, across groups ANDed. Each option shows how many
 * programmes it would leave given the other groups' selections, and is disabled at zero unless
 * it is selected (so a visitor can always undo). The state lives in the URL query
 * (?subject=a,b&mode=online&sort=fee); unknown parameters are kept and otherwise ignored.
 */
(function () {
  "use strict";

  var SORTS = ["start", "title", "duration", "fee"];
  var DEFAULT_SORT = SORTS[0];

  /* The visitor's local date as YYYY-MM-DD, so it compares with ISO dates as a string. */
  function isoDate(date) {
    var month = String(date.getMonth() + 1);
    var day = String(date.getDate());
    return date.getFullYear() + "-" + (month.length < 2 ? "0" : "") + month + "-" +
      (day.length < 2 ? "0" : "") + day;
  }

  function addMonths(date, months) {
    var result = new Date(date.getFullYear(), date.getMonth() + months, date.getDate());
    /* 31 August + 6 months would roll over into March; stay on the last day of February. */
    if (result.getDate() !== date.getDate()) {
      result.setDate(0);
    }
    return result;
  }

  function tokens(value) {
    return value ? value.split(" ") : [];
  }

  function numberOrNull(value) {
    return value === null || value === "" ? null : Number(value);
  }

  var LANGUAGE = document.documentElement.lang || undefined;
  var PLURALS = window.Intl && Intl.PluralRules ? new Intl.PluralRules(LANGUAGE) : null;
  var NUMBERS = window.Intl ? new Intl.NumberFormat(LANGUAGE) : null;

  /* The form of a text that suits `count` in the page's language: each form is an attribute
     named after its CLDR plural category, as the site's string table gives them. */
  function plural(element, name, count) {
    var category = PLURALS ? PLURALS.select(count) : "other";
    return element.getAttribute(name + "-" + category) ||
      element.getAttribute(name + "-other") || "";
  }

  function number(value) {
    return NUMBERS ? NUMBERS.format(value) : String(value);
  }

  function Finder(root) {
    var now = new Date();
    this.root = root;
    this.today = isoDate(now);
    this.status = root.querySelector("[data-mc-status]");
    this.sort = root.querySelector("[data-mc-sort]");
    this.list = root.querySelector("[data-mc-cards]");
    this.more = root.querySelector("[data-mc-more]");
    this.pageSize = (this.more && Number(this.more.getAttribute("data-page-size"))) || Infinity;
    this.limit = this.pageSize;
    this.facets = Array.prototype.map.call(
      root.querySelectorAll("fieldset[data-facet]"),
      function (fieldset) { return this.readFacet(fieldset, now); },
      this
    );
    this.known = {sort: true};
    this.facets.forEach(function (facet) { this.known[facet.name] = true; }, this);
    this.cards = Array.prototype.map.call(
      this.list.children,
      this.readCard,
      this
    );
    this.orders = {};
    this.currentOrder = this.cards.slice();
    this.placed = [];
  }

  Finder.prototype.readFacet = function (fieldset, now) {
    var facet = {
      name: fieldset.getAttribute("data-facet"),
      dates: fieldset.hasAttribute("data-facet-dates"),
      options: [],
      index: {},
      anyIndex: -1
    };
    Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
      var option = {
        input: input,
        value: input.value,
        count: input.closest("label").querySelector("[data-count]"),
        shown: null,
        until: facet.dates && input.value ? isoDate(addMonths(now, Number(input.value))) : null
      };
      if (option.value === "") {
        facet.anyIndex = facet.options.length;
      }
      facet.index[option.value] = facet.options.length;
      facet.options.push(option);
    });
    return facet;
  };

  /* Everything a card is filtered and sorted by, read once: updates never touch attributes. */
  Finder.prototype.readCard = function (element) {
    var today = this.today;
    var starts = tokens(element.getAttribute("data-starts")).filter(function (start) {
      return start >= today;
    });
    var card = {
      element: element,
      visible: !element.hidden,
      next: starts.length ? starts[0] : null,
      title: element.getAttribute("data-title") || "",
      weeks: numberOrNull(element.getAttribute("data-weeks")),
      fee: numberOrNull(element.getAttribute("data-fee-amount")),
      values: []
    };
    this.facets.forEach(function (facet) {
      var found = [];
      if (facet.dates) {
        facet.options.forEach(function (option, index) {
          if (option.until !== null && card.next !== null && card.next <= option.until) {
            found.push(index);
          }
        });
      } else {
        tokens(element.getAttribute("data-" + facet.name)).forEach(function (token) {
          if (Object.prototype.hasOwnProperty.call(facet.index, token)) {
            found.push(facet.index[token]);
          }
        });
      }
      if (facet.anyIndex >= 0) {
        found.push(facet.anyIndex);
      }
      card.values.push(found);
    });
    return card;
  };

  /* One pass over the cards, in the order shown: which match, which of those fit in the page,
     and every option's count given the other groups. Returns the cards newly shown. */
  Finder.prototype.update = function () {
    var facets = this.facets;
    var limit = this.limit;
    var selected = [];
    var active = [];
    var counts = [];
    var matched = 0;
    var revealed = [];
    var shown = [];
    facets.forEach(function (facet, f) {
      selected[f] = facet.options.map(function (option) {
        return option.value !== "" && option.input.checked;
      });
      active[f] = selected[f].indexOf(true) >= 0;
      counts[f] = facet.options.map(function () { return 0; });
    });
    this.currentOrder.forEach(function (card) {
      var failures = 0;
      var failed = -1;
      for (var f = 0; f < facets.length && failures < 2; f += 1) {
        if (active[f] && !card.values[f].some(function (v) { return selected[f][v]; })) {
          failures += 1;
          failed = f;
        }
      }
      if (failures === 0) {
        matched += 1;
        card.values.forEach(function (values, g) {
          values.forEach(function (v) { counts[g][v] += 1; });
        });
      } else if (failures === 1) {
        card.values[failed].forEach(function (v) { counts[failed][v] += 1; });
      }
      var visible = failures === 0 && matched <= limit;
      if (visible) {
        shown.push(card);
      }
      if (card.visible !== visible) {
        card.visible = visible;
        card.element.hidden = !visible;
        if (visible) {
          revealed.push(card);
        }
      }
    });
    facets.forEach(function (facet, f) {
      facet.options.forEach(function (option, o) {
        var count = counts[f][o];
        if (option.shown !== count) {
          option.shown = count;
          if (option.count) {
            option.count.textContent = String(count);
          }
        }
        option.input.disabled = count === 0 && !option.input.checked;
      });
    });
    this.place(shown);
    this.announce(matched, this.cards.length, active.indexOf(true) >= 0);
    this.offerMore(matched);
    return revealed;
  };

  /* The cards shown, in order, at the head of the list: moves only those out of place. */
  Finder.prototype.place = function (shown) {
    var placed = this.placed;
    var same = shown.length === placed.length && shown.every(function (card, i) {
      return card === placed[i];
    });
    if (same) {
      return;
    }
    var list = this.list;
    var next = list.firstElementChild;
    shown.forEach(function (card) {
      if (card.element === next) {
        next = next.nextElementSibling;
      } else {
        list.insertBefore(card.element, next);
      }
    });
    this.placed = shown;
  };

  Finder.prototype.offerMore = function (matched) {
    if (!this.more) {
      return;
    }
    var left = matched - Math.min(matched, this.limit);
    this.more.hidden = left === 0;
    var next = Math.min(left, this.pageSize);
    this.more.textContent = plural(this.more, "data-text", next)
      .replace("{next}", number(next))
      .replace("{left}", number(left));
  };

  /* The next page of cards; the keyboard moves on to the first of them. */
  Finder.prototype.showMore = function () {
    this.limit += this.pageSize;
    var revealed = this.update();
    var link = revealed.length ? revealed[0].element.querySelector("a") : null;
    if (link) {
      link.focus();
    }
  };

  Finder.prototype.announce = function (shown, total, filtered) {
    var template = shown === 0 ? this.status.getAttribute("data-none") || "" :
      filtered ? plural(this.status, "data-some", shown) : plural(this.status, "data-all", total);
    var text = template
      .replace("{shown}", number(shown))
      .replace("{total}", number(total));
    if (this.status.textContent !== text) {
      this.status.textContent = text;
    }
    this.root.classList.toggle("mc-finder--empty", shown === 0);
  };

  Finder.prototype.compare = function (key) {
    if (!this.orders.title) {
      var collator = new Intl.Collator(LANGUAGE);
      this.orders.title = this.cards.slice().sort(function (a, b) {
        return collator.compare(a.title, b.title);
      });
      this.orders.title.forEach(function (card, rank) { card.rank = rank; });
    }
    /* Titles are compared once, above; ties on the other keys use that rank. */
    var byTitle = function (a, b) { return a.rank - b.rank; };
    /* Programmes without the value go last, whatever the key. */
    var missingLast = function (get, compare) {
      return function (a, b) {
        var x = get(a);
        var y = get(b);
        if (x === null || y === null) {
          return (x === null) - (y === null) || byTitle(a, b);
        }
        return compare(x, y) || byTitle(a, b);
      };
    };
    var numbers = function (x, y) { return x - y; };
    return {
      start: missingLast(function (c) { return c.next; }, function (x, y) {
        return x < y ? -1 : x > y ? 1 : 0;
      }),
      title: byTitle,
      duration: missingLast(function (c) { return c.weeks; }, numbers),
      fee: missingLast(function (c) { return c.fee; }, numbers)
    }[key];
  };

  Finder.prototype.order = function (key) {
    if (!this.orders[key]) {
      this.orders[key] = this.cards.slice().sort(this.compare(key));
    }
    return this.orders[key];
  };

  /* The next update shows the cards in this order. */
  Finder.prototype.applySort = function () {
    this.currentOrder = this.order(this.sort ? this.sort.value : DEFAULT_SORT);
  };

  /* Sorting on a phone took a quarter of a second when the order was computed on demand. */
  Finder.prototype.prepareSorts = function () {
    var finder = this;
    var later = window.requestIdleCallback || function (task) { window.setTimeout(task, 200); };
    SORTS.forEach(function (key) {
      later(function () { finder.order(key); });
    });
  };

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    this.facets.forEach(function (facet) {
      var wanted = {};
      params.getAll(facet.name).forEach(function (value) {
        value.split(",").forEach(function (token) { wanted[token] = true; });
      });
      var matched = false;
      facet.options.forEach(function (option) {
        var on = option.value !== "" && wanted[option.value] === true;
        if (option.input.type === "radio" && matched) {
          on = false;
        }
        matched = matched || on;
        option.input.checked = on;
      });
      if (facet.anyIndex >= 0 && !matched) {
        facet.options[facet.anyIndex].input.checked = true;
      }
    });
    if (this.sort) {
      var sort = params.get("sort");
      this.sort.value = SORTS.indexOf(sort) >= 0 ? sort : DEFAULT_SORT;
    }
  };

  Finder.prototype.query = function () {
    var params = new URLSearchParams(window.location.search);
    var known = this.known;
    var kept = [];
    params.forEach(function (value, name) {
      if (!known[name]) {
        kept.push([name, value]);
      }
    });
    var result = new URLSearchParams(kept);
    this.facets.forEach(function (facet) {
      var values = facet.options.filter(function (option) {
        return option.value !== "" && option.input.checked;
      }).map(function (option) { return option.value; });
      if (values.length) {
        result.set(facet.name, values.join(","));
      }
    });
    if (this.sort && this.sort.value !== DEFAULT_SORT) {
      result.set("sort", this.sort.value);
    }
    /* Slugs need no escaping; keep commas readable in shared links. */
    var text = result.toString().replace(/%2C/g, ",");
    return text ? "?" + text : "";
  };

  Finder.prototype.remember = function () {
    var search = this.query();
    if (search !== window.location.search) {
      window.history.pushState(null, "", window.location.pathname + search + window.location.hash);
    }
  };

  /* Writing history is slow on a phone (tens of milliseconds): do it once the frame is drawn. */
  Finder.prototype.rememberLater = function () {
    var finder = this;
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { finder.remember(); }, 0);
    });
  };

  Finder.prototype.clear = function () {
    this.facets.forEach(function (facet) {
      facet.options.forEach(function (option) {
        option.input.checked = option.value === "" && option.input.type === "radio";
      });
    });
  };

  Finder.prototype.start = function () {
    var finder = this;
    var form = this.root.querySelector("form");
    var toggle = this.root.querySelector("[data-mc-toggle]");
    var clear = this.root.querySelector("[data-mc-clear]");
    this.readUrl();
    this.applySort();
    this.update();
    this.prepareSorts();
    if (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    this.root.addEventListener("change", function (event) {
      if (event.target === finder.sort) {
        finder.applySort();
      }
      finder.limit = finder.pageSize;
      finder.update();
      finder.rememberLater();
    });
    if (clear) {
      clear.addEventListener("click", function () {
        finder.clear();
        finder.limit = finder.pageSize;
        finder.update();
        finder.rememberLater();
      });
    }
    if (this.more) {
      this.more.addEventListener("click", function () { finder.showMore(); });
    }
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
      });
    }
    window.addEventListener("popstate", function () {
      finder.readUrl();
      finder.applySort();
      finder.limit = finder.pageSize;
      finder.update();
    });
  };

  function init() {
    var root = document.querySelector("[data-mc-finder]");
    if (root && root.querySelector("[data-mc-cards]") && window.URLSearchParams) {
      new Finder(root).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
