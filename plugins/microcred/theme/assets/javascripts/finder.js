/*
 * The programme finder: search and filters together, over the site's Pagefind index.
 *
 * Progressive enhancement. Without JavaScript the listing is a set of numbered pages of cards
 * drawn by the server (/programmes/, /programmes/page/2/, ...), linked by a pagination nav;
 * the controls (marked `data-mc-js`) stay hidden. With it, the controls show (an inline script
 * in the head marks the page `mc-js` before the first paint, so nothing shifts), and as long
 * as the visitor has asked for nothing (no words, no filter, the default order) the page stays
 * exactly as served. The first query, filter or sort asks the index: Pagefind's script
 * (pagefind/pagefind.js) is loaded only then, or at once when the address already carries a
 * state, or when the visitor reaches for a control (focus, pointer), so a visitor who only
 * reads the listing downloads nothing of the index.
 *
 * A state without words is answered in the page, from the finder's data (programmes/
 * finder.json, fetched with the index; see Local), which holds what the index holds of each
 * published programme: the same results, counts and order, within the frame of the change.
 * Words, and every state when that file cannot be had, go to the index.
 *
 * With a state, the cards come from the index (or that data): the results of the published
 * programmes (filter kind=programme) matching the words and every filter group (options of a
 * group are ORed, groups ANDed), in the chosen order; a page of them is drawn at a time, more
 * on request. Each card is a clone of the listing's `<template>` of the card markup, filled from
 * the result's meta with textContent and setAttribute only (never HTML from the index), so it
 * is the server-drawn card, value for value.
 *
 * Each option shows how many programmes it would leave given the other groups (Pagefind's
 * filter counts), and is disabled at zero unless it is ticked, so a visitor can always undo.
 * "Starts within N months" is counted from the visitor's today, as the server's listing counts
 * it from the build's: it becomes an any-of the index's `starts` dates that fall in the window.
 *
 * All state lives in the URL query (?q=python&mode=online&mode=blended&sort=title; a facet's
 * values repeat its parameter, and commas are read too), so a campaign can link a search, and
 * the back button undoes a change. Unknown parameters are kept and otherwise ignored.
 *
 * Markup contract (written by programmes.html and partials/programme-*.html):
 *   [data-mc-finder]               around everything; data-mc-pagefind: the URL of pagefind.js,
 *                                  data-mc-data: the URL of the finder's data
 *     form[data-mc-search]         the search form; its action is the listing's address
 *       input[name=q]              the words (#mc-finder-q)
 *     fieldset[data-facet=NAME]    a filter group; inputs name=NAME; [data-facet-dates] marks
 *                                  the "starts within" group (values: months, "" for any)
 *       input + [data-count]       one option and the element that shows its count
 *     select[data-mc-sort]         start | title | duration | fee
 *     [data-mc-status]             the live result count: data-all-CATEGORY, data-some-CATEGORY,
 *                                  data-none ({shown}, {total}); data-total; data-busy,
 *                                  data-unavailable
 *     [data-mc-clear]              clears every filter (keeps the words and the order)
 *     [data-mc-toggle]             the disclosure button that shows the filters on phones
 *     [data-mc-cards]              the list of cards
 *     [data-mc-pages]              the pagination nav of the server's pages
 *     [data-mc-more]               "show more": data-page-size cards at a time, text in
 *                                  data-text-CATEGORY ({next}, {left})
 *     template[data-mc-card]       one card's markup; [data-slot=KEY] elements take meta KEY
 *                                  (their row, [data-row=KEY], goes when KEY is missing);
 *                                  [data-slot=start] is a <time>, whose [data-none] parent holds
 *                                  the text shown without a start; [data-slot=partners] the list
 *     template[data-mc-partners]   one <li data-partner=ID> per partner, as a
 *                                  card shows it
 *
 * Signals, for tests and the benchmark: `mc-finder:results` on the root once the count and the
 * cards a screen shows (as many as fit the window, at most six; none while the list is off the
 * screen) of a state are drawn, `mc-finder:page` once its whole first page is,
 * `mc-finder:counts` once the options' counts are too; the root's
 * data-mc-index="ready" once the index is loaded; aria-busy while a state is being drawn.
 */
(function () {
  "use strict";

  var SORTS = ["start", "title", "duration", "fee"];
  var DEFAULT_SORT = SORTS[0];
  var KIND_NAME = "kind";
  var KIND = {kind: "programme"};
  var MAX_QUERY = 200;
  var TYPING_PAUSE = 180;
  var PREPARED = 12;
  var FIRST_CARDS = 6;
  /* How finely the finder follows how much of the card list the window shows. */
  var LIST_STEPS = 100;
  var HOVER_INTENT = 60;

  var LANGUAGE = document.documentElement.lang || undefined;
  var PLURALS = window.Intl && Intl.PluralRules ? new Intl.PluralRules(LANGUAGE) : null;
  var NUMBERS = window.Intl ? new Intl.NumberFormat(LANGUAGE) : null;

  /* The visitor's local date as YYYY-MM-DD, so it compares with ISO dates as a string. */
  function isoDate(date) {
    var month = String(date.getMonth() + 1);
    var day = String(date.getDate());
    return date.getFullYear() + "-" + (month.length < 2 ? "0" : "") + month + "-" +
      (day.length < 2 ? "0" : "") + day;
  }

  /* As pages/facets.py add_months: 31 August + 6 months is the last day of February. */
  function addMonths(date, months) {
    var result = new Date(date.getFullYear(), date.getMonth() + months, date.getDate());
    if (result.getDate() !== date.getDate()) {
      result.setDate(0);
    }
    return result;
  }

  /* The form of a text that suits `count` in the page's language: one attribute per CLDR
     plural category, as the site's string table gives them. */
  function plural(element, name, count) {
    var category = PLURALS ? PLURALS.select(count) : "other";
    return element.getAttribute(name + "-" + category) ||
      element.getAttribute(name + "-other") || "";
  }

  /* Resolves once the frame drawn so far is on screen (requestAnimationFrame, then a task):
     what the visitor asked for is painted first, the rest of a change after it. */
  function afterPaint() {
    return new Promise(function (resolve) {
      window.requestAnimationFrame(function () { window.setTimeout(resolve, 0); });
    });
  }

  /* Runs `work` when the page is idle (soon, where the browser cannot say). */
  function idle(work) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(work, {timeout: 2000});
    } else {
      window.setTimeout(work, 0);
    }
  }

  function number(value) {
    return NUMBERS ? NUMBERS.format(value) : String(value);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? number(values[name]) : whole;
    });
  }

  /* A link from the index, kept only if it stays on this site (the index is built from our
     own pages, but nothing read from outside the script is trusted). */
  function sameSite(url) {
    try {
      var parsed = new URL(url, document.baseURI);
      return parsed.origin === window.location.origin ?
        parsed.pathname + parsed.search + parsed.hash : null;
    } catch (error) {
      return null;
    }
  }

  /* The finder's own copy of the index's entries (programmes/finder.json, written by
     Facets.finder_data from the same entries as the pages' index attributes): every published
     programme's filters, orders and card text. A state without words is answered from it in
     the page, within the frame, as the index would answer it (the same results, counts and
     order); words still go to the index. Built from the file as read; anything malformed
     throws, and the finder asks the index for everything instead. */
  function Local(data, base) {
    var filters = data.filters;
    var keys = data.meta;
    var text = data.text;
    if (!Array.isArray(filters) || !Array.isArray(keys) || !Array.isArray(text) ||
        !Array.isArray(data.programmes)) {
      throw new TypeError("finder data");
    }
    /* Each (name, value) by its position in the file, and the position of each. */
    this.pairs = filters.map(function (pair) { return [String(pair[0]), String(pair[1])]; });
    this.position = new Map();
    this.pairs.forEach(function (pair, at) {
      this.position.set(pair[0] + "\u0000" + pair[1], at);
    }, this);
    var size = this.pairs.length;
    this.items = data.programmes.map(function (row) {
      var positions = Int32Array.from(row[1], function (at) {
        if (!(Number.isInteger(at) && at >= 0 && at < size)) {
          throw new TypeError("finder data filter");
        }
        return at;
      });
      var page = null;
      /* A card's data is made when it is first drawn (most never are). */
      function data() {
        if (!page) {
          var meta = Object.create(null);
          keys.forEach(function (key, k) {
            var at = row[2][k];
            if (at >= 0) {
              meta[String(key)] = String(text[at]);
            }
          });
          page = {url: new URL(String(row[0]), base).href, meta: meta};
        }
        return Promise.resolve(page);
      }
      return {positions: positions, result: {data: data}};
    });
    var count = this.items.length;
    /* The programmes of each (name, value), by position: a change reads only the programmes of
       the values it asks for, not every programme's values (a subject ticked at 1,000
       programmes took 9 ms of a phone's frame that way, CPU slowed 4x). */
    var sizes = new Int32Array(size);
    this.items.forEach(function (item) {
      item.positions.forEach(function (at) { sizes[at] += 1; });
    });
    this.postings = Array.prototype.map.call(sizes, function (n) { return new Int32Array(n); });
    sizes.fill(0);
    this.items.forEach(function (item, i) {
      item.positions.forEach(function (at) {
        this.postings[at][sizes[at]] = i;
        sizes[at] += 1;
      }, this);
    }, this);
    this.orders = Object.create(null);
    Object.keys(data.orders || {}).forEach(function (name) {
      var order = data.orders[name];
      if (!Array.isArray(order) || order.length !== count || order.some(function (i) {
        return !(Number.isInteger(i) && i >= 0 && i < count);
      })) {
        throw new TypeError("finder data order");
      }
      this.orders[name] = order;
    }, this);
  }

  /* The values of filter `name` in the data, sorted (the "starts" dates). */
  Local.prototype.values = function (name) {
    return this.pairs.filter(function (pair) { return pair[0] === name; })
      .map(function (pair) { return pair[1]; }).sort();
  };

  /* As the index's search with these filters and no words: the results (in the listing's
     own order, or in `sort`'s), and for each filter value the number of results that have
     it. A programme matches when it has a value of every group (values of a group are ORed,
     groups ANDed): each group marks its values' programmes once, and a programme marked by
     every group is a result (a change must fit in a frame on a slow phone). */
  Local.prototype.search = function (filters, sort) {
    var local = this;
    var size = this.pairs.length;
    var items = this.items;
    var count = items.length;
    var groups = Object.keys(filters).filter(function (name) {
      return name !== KIND_NAME;
    }).map(function (name) {
      var positions = [];
      filters[name].any.forEach(function (value) {
        var at = local.position.get(name + "\u0000" + value);
        if (at !== undefined) {
          positions.push(at);
        }
      });
      return positions;
    });
    var need = groups.length;
    var marked = new Int32Array(count);
    var seen = new Int32Array(count);
    for (var g = 0; g < need; g++) {
      var positions = groups[g];
      for (var p = 0; p < positions.length; p++) {
        var posting = this.postings[positions[p]];
        for (var k = 0; k < posting.length; k++) {
          var at = posting[k];
          /* An item with two of the group's values counts for the group once. */
          if (seen[at] !== g + 1) {
            seen[at] = g + 1;
            marked[at] += 1;
          }
        }
      }
    }
    var order = sort ? this.orders[sort] : null;
    var matched = [];
    var results = [];
    for (var i = 0; i < count; i++) {
      var index = order ? order[i] : i;
      if (marked[index] === need) {
        results.push(items[index].result);
        matched.push(items[index].positions);
      }
    }
    /* The counts are read after the cards are painted: tallied then, once. */
    var counts = null;
    var pairs = this.pairs;
    var found = {results: results};
    Object.defineProperty(found, "filters", {
      get: function () {
        if (!counts) {
          counts = Object.create(null);
          var tally = new Int32Array(size);
          matched.forEach(function (positions) {
            for (var m = 0; m < positions.length; m++) {
              tally[positions[m]] += 1;
            }
          });
          for (var at = 0; at < size; at++) {
            if (tally[at]) {
              var pair = pairs[at];
              (counts[pair[0]] || (counts[pair[0]] = Object.create(null)))[pair[1]] = tally[at];
            }
          }
        }
        return counts;
      }
    });
    return found;
  };

  function Finder(root) {
    this.root = root;
    this.today = new Date();
    this.form = root.querySelector("form[data-mc-search]");
    this.input = this.form ? this.form.querySelector("input[name=q]") : null;
    this.filterForm = root.querySelector("#mc-filters");
    this.status = root.querySelector("[data-mc-status]");
    this.sort = root.querySelector("[data-mc-sort]");
    this.list = root.querySelector("[data-mc-cards]");
    this.pages = root.querySelector("[data-mc-pages]");
    this.more = root.querySelector("[data-mc-more]");
    this.cardTemplate = root.querySelector("template[data-mc-card]");
    this.partnerTemplate = root.querySelector("template[data-mc-partners]");
    this.pageSize = (this.more && Number(this.more.getAttribute("data-page-size"))) || 24;
    this.total = Number(this.status.getAttribute("data-total")) || 0;
    this.facets = Array.prototype.map.call(
      root.querySelectorAll("fieldset[data-facet]"), this.readFacet, this
    );
    /* No prototype: ?constructor= or ?toString= is a parameter like any other. */
    this.known = Object.create(null);
    this.known.q = true;
    this.known.sort = true;
    this.facets.forEach(function (facet) { this.known[facet.name] = true; }, this);
    /* The page as served, to come back to when the visitor asks for nothing again. */
    this.served = {
      cards: Array.prototype.slice.call(this.list.children),
      status: this.status.textContent
    };
    this.partners = Object.create(null);
    if (this.partnerTemplate) {
      Array.prototype.forEach.call(this.partnerTemplate.content.children, function (li) {
        this.partners[li.getAttribute("data-partner")] = li;
      }, this);
    }
    this.pagefind = null;
    this.local = null;
    this.localLoading = null;
    this.loading = null;
    this.startDates = [];
    this.generation = 0;
    this.results = [];
    this.drawn = 0;
    this.typing = null;
    this.prepared = new Map();
    this.firstCards = FIRST_CARDS;
    /* A card row's height and the cards in a row (read with firstCards), and how much of the
       list the window shows below its top: all of the window while the top is above it, 0
       while the list is off the screen (kept by an IntersectionObserver). */
    this.rowHeight = 0;
    this.columns = 1;
    this.listInView = Infinity;
  }

  /* How many cards a screen shows (at most FIRST_CARDS): the served cards of the first row
     times the rows of their height that the window holds. Read once the page is laid out. */
  Finder.prototype.onScreen = function () {
    var cards = this.list.children;
    if (!cards.length) {
      return FIRST_CARDS;
    }
    var first = cards[0].getBoundingClientRect();
    var columns = 1;
    while (columns < cards.length &&
           cards[columns].getBoundingClientRect().top === first.top) {
      columns += 1;
    }
    /* The shortest of the served cards a screen shows stands for a row: a new card may be
       as short, so that many rows cover the window whichever cards come. */
    var height = first.height;
    for (var i = 1; i < Math.min(cards.length, FIRST_CARDS); i++) {
      height = Math.min(height, cards[i].getBoundingClientRect().height);
    }
    this.rowHeight = Math.max(height, 1);
    this.columns = columns;
    return Math.max(1, Math.min(FIRST_CARDS, this.cardsIn(window.innerHeight)));
  };

  /* The cards of the rows that `height` of the list holds (rowHeight and columns read). */
  Finder.prototype.cardsIn = function (height) {
    return this.columns * Math.ceil(height / this.rowHeight);
  };

  /* How many cards a change draws in its first frame: none while the list is off the screen
     (on a phone, below the open filters: that frame shows the count), those of the rows that
     the window shows of it while its top is in the window (below the last filter group, a
     phone shows one card, where a screen holds three), else those a screen shows. The others
     come with the rest of the page. (Not from the list's position read then: that forced a
     layout in the frame, 6 ms of it with the CPU slowed 4x.) */
  Finder.prototype.shownNow = function () {
    if (!this.listInView) {
      return 0;
    }
    if (this.listInView === Infinity || !this.rowHeight) {
      return this.firstCards;
    }
    return Math.min(this.firstCards, this.cardsIn(this.listInView));
  };

  /* Keeps listInView: what the window shows of the list, read as the observer sees it cross
     each hundredth of its height, plus a hundredth (the most it can have moved since). */
  Finder.prototype.watchList = function () {
    var finder = this;
    var steps = [];
    for (var i = 0; i <= LIST_STEPS; i++) {
      steps.push(i / LIST_STEPS);
    }
    new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      if (!entry.isIntersecting) {
        finder.listInView = 0;
      } else if (entry.boundingClientRect.top < (entry.rootBounds || entry.intersectionRect).top) {
        finder.listInView = Infinity;
      } else {
        finder.listInView = entry.intersectionRect.height +
          entry.boundingClientRect.height / LIST_STEPS;
      }
    }, {threshold: steps}).observe(this.list);
  };

  Finder.prototype.readFacet = function (fieldset) {
    var facet = {
      name: fieldset.getAttribute("data-facet"),
      dates: fieldset.hasAttribute("data-facet-dates"),
      options: []
    };
    Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
      var count = input.closest("label").querySelector("[data-count]");
      facet.options.push({
        input: input,
        value: input.value,
        count: count,
        served: count ? count.textContent : "",
        shown: null,
        empty: false
      });
    });
    return facet;
  };

  /* The visitor's choices, read from the controls. */
  Finder.prototype.state = function () {
    var state = {
      q: this.input ? this.input.value.trim().slice(0, MAX_QUERY) : "",
      sort: this.sort && SORTS.indexOf(this.sort.value) >= 0 ? this.sort.value : DEFAULT_SORT,
      facets: {},
      starts: ""
    };
    this.facets.forEach(function (facet) {
      var values = facet.options.filter(function (option) {
        return option.value !== "" && option.input.checked;
      }).map(function (option) { return option.value; });
      if (facet.dates) {
        state.starts = values.length ? values[0] : "";
      } else if (values.length) {
        state.facets[facet.name] = values;
      }
    });
    return state;
  };

  function isEmpty(state) {
    return !state.q && !state.starts && state.sort === DEFAULT_SORT &&
      Object.keys(state.facets).length === 0;
  }

  /* The index's filters for a state, or null when nothing can match (a window without a
     single start date in it). `without` leaves one group out, for that group's counts. */
  Finder.prototype.constraints = function (state, without) {
    var filters = {kind: KIND.kind};
    Object.keys(state.facets).forEach(function (name) {
      if (name !== without) {
        filters[name] = {any: state.facets[name]};
      }
    });
    if (state.starts && without !== "starts") {
      var until = isoDate(addMonths(this.today, Number(state.starts)));
      var today = isoDate(this.today);
      var dates = this.startDates.filter(function (day) { return day >= today && day <= until; });
      if (!dates.length) {
        return null;
      }
      filters.starts = {any: dates};
    }
    return filters;
  };

  /* Whether the finder's data answers `state` in the page (no words), not the index. */
  Finder.prototype.inPage = function (state) {
    return !state.q && Boolean(this.local);
  };

  Finder.prototype.search = function (state, filters, sorted) {
    if (filters === null) {
      return Promise.resolve({results: [], filters: {}});
    }
    if (this.inPage(state)) {
      /* The listing's own order is the start key's, so it needs no sorting. */
      var sort = sorted && state.sort !== DEFAULT_SORT ? state.sort : null;
      return Promise.resolve(this.local.search(filters, sort));
    }
    var options = {filters: filters};
    if (sorted) {
      options.sort = {};
      options.sort[state.sort] = "asc";
    }
    return this.pagefind.search(state.q || null, options);
  };

  /* The finder's data (see Local), or null when it cannot be had: the index answers all. */
  Finder.prototype.loadLocal = function () {
    var address = this.root.getAttribute("data-mc-data");
    if (!address || !window.fetch) {
      return Promise.resolve(null);
    }
    var url = new URL(address, document.baseURI).href;
    return window.fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) {
        throw new TypeError("finder data " + response.status);
      }
      return response.json();
    }).then(function (data) {
      return new Local(data, url);
    }).catch(function () {
      return null;
    });
  };

  /* Pagefind's script, its WebAssembly and its filter index, and the finder's data, once. */
  Finder.prototype.load = function () {
    var finder = this;
    if (!this.loading) {
      var url = new URL(this.root.getAttribute("data-mc-pagefind"), document.baseURI).href;
      /* The data answers states without words as soon as it is in, index or not. */
      var local = this.localLoading = this.loadLocal().then(function (data) {
        if (data) {
          finder.local = data;
          finder.startDates = finder.startDates.length ? finder.startDates : data.values("starts");
          idle(function () { finder.rehearse(); });
        }
        return data;
      });
      this.loading = import(url).then(function (pagefind) {
        return pagefind.init().then(function () {
          /* Loading every filter once makes each search return its counts. */
          return pagefind.filters();
        }).then(function (filters) {
          finder.startDates = Object.keys(filters.starts || {}).sort();
          /* A first search readies the index's worker, so that the visitor's first change
             does not pay for it. (Not sorted: sorting thousands of results costs the worker
             as much again, and is what each change pays anyway.) */
          return pagefind.search(null, {filters: KIND}).then(function () {
            return filters;
          });
        }).then(function () {
          return local;
        }).then(function () {
          finder.pagefind = pagefind;
          finder.root.setAttribute("data-mc-index", "ready");
          return pagefind;
        });
      });
      this.loading.catch(function () {
        /* No index (offline, blocked): the page as served, which still reaches everything;
           with the finder's data, only words go unanswered (each search says so). */
        finder.loading = null;
        local.then(function (data) {
          if (!data) {
            finder.generation += 1;
            finder.unavailable();
          }
        });
      });
    }
    return this.loading;
  };

  /* A change's work once, on a state of the finder's data that nothing shows: a card is built
     but never drawn. The browser compiles that code here, in idle time, where the visitor's
     first change would pay for it in its frame (its script took 12-21 ms, CPU slowed 4x, where
     later changes take 2-7 ms). */
  Finder.prototype.rehearse = function () {
    var facet = this.facets.filter(function (f) { return !f.dates && f.options.length; })[0];
    if (!facet || !this.local) {
      return;
    }
    var trial = {q: "", sort: SORTS[1], facets: {}, starts: ""};
    trial.facets[facet.name] = [facet.options[0].value];
    var finder = this;
    var found = this.local.search(this.constraints(trial), trial.sort);
    void found.filters;
    this.query(trial);
    fill(plural(this.status, "data-some", found.results.length), {shown: 1, total: this.total});
    Promise.all(this.pageData(found.results, 0, 1)).then(function (pages) {
      pages.forEach(function (page) { finder.card(page); });
    }).catch(function () {});
  };

  /* Ready to answer a state without words: once the finder's data is in, or else the index. */
  Finder.prototype.answerable = function () {
    var loading = this.load();
    return this.localLoading.then(function (data) { return data || loading; });
  };

  /* The page as served, saying that the finder could not answer. */
  Finder.prototype.unavailable = function () {
    var drawn = this.showServed();
    this.status.textContent = this.status.getAttribute("data-unavailable") || "";
    return drawn;
  };

  /* A state's results and the data of their first page of cards, from the index: `first`,
     the data of the cards a screen shows (drawn as soon as they are in), and `rest`, the
     others of the page. Kept for the page view (a few), so
     that a state prepared while the pointer rests on an option, or seen before, is drawn
     without waiting. */
  Finder.prototype.prepare = function (state) {
    var finder = this;
    var key = JSON.stringify([state.q, state.facets, state.starts, state.sort]);
    var prepared = this.prepared.get(key);
    if (!prepared) {
      prepared = (state.q ? this.load() : this.answerable()).then(function () {
        return finder.search(state, finder.constraints(state), true);
      }).then(function (found) {
        /* The rest are asked for once the first are in, so they do not hold those up: the
           index's at once (fragments to fetch), the finder's data's once the first are
           painted (made in the page, they would lengthen that frame). */
        var shown = Math.min(finder.firstCards, finder.pageSize);
        var first = Promise.all(finder.pageData(found.results, 0, shown));
        var rest = null;
        var later = function () {
          if (!rest) {
            var left = finder.pageSize - shown;
            rest = left ? Promise.all(finder.pageData(found.results, shown, left)) :
              Promise.resolve([]);
            rest.catch(function () {});
          }
          return rest;
        };
        var fetched = !finder.inPage(state);
        return first.then(function (cards) {
          if (fetched) {
            later();
          }
          return {found: found, first: cards, rest: later};
        });
      });
      prepared.catch(function () { finder.prepared.delete(key); });
      this.prepared.set(key, prepared);
      if (this.prepared.size > PREPARED) {
        this.prepared.delete(this.prepared.keys().next().value);
      }
    }
    return prepared;
  };

  /* The data of `count` results from `first` on (a page by default): a promise per card. */
  Finder.prototype.pageData = function (results, first, count) {
    return results.slice(first, first + (count || this.pageSize)).map(function (result) {
      return result.data();
    });
  };

  /* Draws what the controls ask for. Each call supersedes the ones before it. */
  Finder.prototype.update = function () {
    var finder = this;
    var state = this.state();
    var generation = ++this.generation;
    if (isEmpty(state)) {
      return this.showServed();
    }
    this.root.setAttribute("aria-busy", "true");
    if (!this.pagefind) {
      this.status.textContent = this.status.getAttribute("data-busy") || "";
    }
    return this.prepare(state).then(function (prepared) {
      if (generation !== finder.generation) {
        return null;
      }
      /* The cards a screen shows and the count first, then, each once the frame before is
         painted, the rest of the page and the options' counts (one more search per ticked
         group and per "starts" window). */
      finder.results = prepared.found.results;
      /* While the list is off the screen (on a phone, below the open filters), its cards
         change with the rest of the page: the first frame shows the count. */
      var shown = finder.shownNow();
      var first = shown ? prepared.first.slice(0, shown) : null;
      if (first) {
        finder.draw(first, false);
      }
      finder.announce(finder.results.length, true);
      finder.signal("mc-finder:results");
      return afterPaint().then(function () {
        return generation === finder.generation ? prepared.rest() : null;
      }).then(function (rest) {
        if (generation !== finder.generation) {
          return null;
        }
        finder.draw(prepared.first.slice(shown).concat(rest), Boolean(first));
        finder.offerMore();
        finder.signal("mc-finder:page");
        return afterPaint().then(function () {
          return generation === finder.generation ?
            finder.count(state, prepared.found, generation) : null;
        });
      });
    }).catch(function () {
      /* A failed search or card (a fragment that did not load): the page as served, which
         still reaches everything. (Without the index, load() has shown it already.) */
      if (generation === finder.generation && (finder.pagefind || finder.local)) {
        return finder.unavailable();
      }
      return null;
    }).finally(function () {
      if (generation === finder.generation) {
        finder.root.removeAttribute("aria-busy");
      }
    });
  };

  /* What the visitor is about to choose, prepared while the pointer rests on it or the
     keyboard is on it: the option's state once ticked (or unticked). */
  Finder.prototype.anticipate = function (input) {
    /* Without words the finder's data answers within the frame: nothing to prepare. */
    if (!this.pagefind || !input || input.disabled || !input.name ||
        (this.local && !(this.input && this.input.value.trim()))) {
      return;
    }
    var was = input.checked;
    var others = [];
    if (input.type === "radio") {
      others = Array.prototype.filter.call(
        this.root.querySelectorAll("input[type=radio][name='" + input.name + "']"),
        function (radio) { return radio.checked; }
      );
      if (was) {
        return;
      }
    }
    input.checked = !was;
    others.forEach(function (radio) { radio.checked = false; });
    var trial = this.state();
    input.checked = was;
    others.forEach(function (radio) { radio.checked = true; });
    if (!isEmpty(trial)) {
      this.prepare(trial).catch(function () {});
    }
  };

  Finder.prototype.signal = function (name) {
    this.root.dispatchEvent(new CustomEvent(name));
  };

  /* The page as served: its own cards, counts and pages. */
  Finder.prototype.showServed = function () {
    var finder = this;
    var generation = this.generation;
    var cards = this.served.cards;
    this.results = [];
    /* As a change draws its cards: those a screen shows first, the others after. */
    var shown = this.shownNow();
    var swap = function (count) {
      finder.list.replaceChildren.apply(finder.list, cards.slice(0, count));
      if (finder.pages) {
        finder.pages.hidden = false;
      }
      if (finder.more) {
        finder.more.parentNode.hidden = true;
      }
    };
    if (shown) {
      swap(shown);
    }
    this.drawn = cards.length;
    if (this.status.textContent !== this.served.status) {
      this.status.textContent = this.served.status;
    }
    this.root.classList.remove("mc-finder--empty");
    this.signal("mc-finder:results");
    /* The options' counts as served once the cards are painted (a state drawn since then
       has its own). */
    this.root.setAttribute("aria-busy", "true");
    return afterPaint().then(function () {
      if (generation !== finder.generation) {
        return null;
      }
      if (shown) {
        finder.list.append.apply(finder.list, cards.slice(shown));
      } else {
        swap(cards.length);
      }
      return afterPaint();
    }).then(function () {
      if (generation !== finder.generation) {
        return;
      }
      finder.facets.forEach(function (facet) {
        facet.options.forEach(function (option) {
          if (option.shown !== null && option.count) {
            option.count.textContent = option.served;
          }
          option.shown = null;
          option.empty = false;
          option.input.disabled = false;
        });
      });
      finder.root.removeAttribute("aria-busy");
      finder.signal("mc-finder:counts");
    });
  };


  /* Draws loaded results as cards: instead of the list's cards, or after them. */
  Finder.prototype.draw = function (pages, append) {
    var cards = document.createDocumentFragment();
    pages.forEach(function (page) {
      var card = this.card(page);
      if (card) {
        cards.appendChild(card);
      }
    }, this);
    if (append) {
      this.list.appendChild(cards);
    } else {
      this.list.replaceChildren(cards);
    }
    this.drawn = (append ? this.drawn : 0) + pages.length;
    if (this.pages) {
      this.pages.hidden = true;
    }
  };

  /* One card from a result's meta: a clone of the template, filled with text only. */
  Finder.prototype.card = function (page) {
    var href = sameSite(page.url);
    var meta = page.meta || {};
    if (!href || !this.cardTemplate) {
      return null;
    }
    var item = this.cardTemplate.content.firstElementChild.cloneNode(true);
    var link = item.querySelector("a[data-slot=title]");
    link.setAttribute("href", href);
    Array.prototype.forEach.call(item.querySelectorAll("[data-slot]"), function (slot) {
      var key = slot.getAttribute("data-slot");
      var value = meta[key];
      if (key === "partners") {
        return;
      }
      if (value) {
        slot.textContent = value;
      } else {
        var row = slot.closest("[data-row]");
        (row || slot).remove();
      }
      slot.removeAttribute("data-slot");
    });
    var start = item.querySelector("time");
    var none = item.querySelector("[data-none]");
    if (start && meta.start && meta.start_iso) {
      start.setAttribute("datetime", meta.start_iso);
    } else if (none) {
      none.textContent = none.getAttribute("data-none");
    }
    if (none) {
      none.removeAttribute("data-none");
    }
    this.drawPartners(item.querySelector("[data-slot=partners]"), meta);
    Array.prototype.forEach.call(item.querySelectorAll("[data-row]"), function (row) {
      row.removeAttribute("data-row");
    });
    return item;
  };

  Finder.prototype.drawPartners = function (list, meta) {
    if (!list) {
      return;
    }
    list.removeAttribute("data-slot");
    var drawn = this.partnerItems(meta);
    if (!drawn.length) {
      list.remove();
    }
    drawn.forEach(function (item) { list.appendChild(item); });
  };

  /* The partners of a result as the card draws them: the prototype of each, by id (meta
     partner_ids, in the card's order). */
  Finder.prototype.partnerItems = function (meta) {
    var partners = this.partners;
    return (meta.partner_ids || "").split(" ").filter(function (id) {
      return id && partners[id];
    }).map(function (id) { return partners[id].cloneNode(true); });
  };

  /* Every option's count given the other groups: what ticking it would leave. */
  Finder.prototype.count = function (state, found, generation) {
    var finder = this;
    var jobs = this.facets.map(function (facet) {
      if (facet.dates) {
        return Promise.all(facet.options.map(function (option) {
          if (option.value === state.starts) {
            return found.results.length;
          }
          var trial = {q: state.q, sort: state.sort, facets: state.facets, starts: option.value};
          return finder.search(trial, finder.constraints(trial), false).then(function (r) {
            return r.results.length;
          });
        }));
      }
      var ticked = Object.prototype.hasOwnProperty.call(state.facets, facet.name);
      var counted = ticked ?
        finder.search(state, finder.constraints(state, facet.name), false) :
        Promise.resolve(found);
      return counted.then(function (r) {
        var counts = (r.filters || {})[facet.name] || {};
        return facet.options.map(function (option) { return counts[option.value] || 0; });
      });
    });
    return Promise.all(jobs).then(function (all) {
      if (generation !== finder.generation) {
        return;
      }
      finder.facets.forEach(function (facet, f) {
        facet.options.forEach(function (option, o) {
          var count = all[f][o];
          if (option.shown !== count) {
            option.shown = count;
            if (option.count) {
              option.count.textContent = number(count);
            }
          }
          option.empty = count === 0 && !option.input.checked;
          /* Not the option the keyboard is on: disabling it would drop focus to the page.
             It is disabled once focus leaves it (see start). */
          option.input.disabled = option.empty && option.input !== document.activeElement;
        });
      });
      finder.root.removeAttribute("aria-busy");
      finder.signal("mc-finder:counts");
    });
  };

  Finder.prototype.announce = function (shown, filtered) {
    var status = this.status;
    var template = shown === 0 ? status.getAttribute("data-none") || "" :
      filtered ? plural(status, "data-some", shown) : plural(status, "data-all", this.total);
    var text = fill(template, {shown: shown, total: this.total});
    if (status.textContent !== text) {
      status.textContent = text;
    }
    this.root.classList.toggle("mc-finder--empty", shown === 0);
  };

  Finder.prototype.offerMore = function () {
    if (!this.more) {
      return;
    }
    var left = this.results.length - this.drawn;
    this.more.parentNode.hidden = left <= 0;
    var next = Math.min(left, this.pageSize);
    this.more.textContent = fill(plural(this.more, "data-text", next), {next: next, left: left});
  };

  /* The next page of results; the keyboard moves on to the first of them. */
  Finder.prototype.showMore = function () {
    var finder = this;
    var generation = this.generation;
    var first = this.drawn;
    this.root.setAttribute("aria-busy", "true");
    return Promise.all(this.pageData(this.results, first)).then(function (pages) {
      if (generation !== finder.generation) {
        return;
      }
      finder.root.removeAttribute("aria-busy");
      finder.draw(pages, true);
      finder.offerMore();
      var card = finder.list.children[first];
      var link = card ? card.querySelector("a") : null;
      if (link) {
        link.focus();
      }
      finder.signal("mc-finder:results");
    }).catch(function () {
      return generation === finder.generation ? finder.unavailable() : null;
    }).finally(function () {
      if (generation === finder.generation) {
        finder.root.removeAttribute("aria-busy");
      }
    });
  };

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    if (this.input) {
      this.input.value = (params.get("q") || "").slice(0, MAX_QUERY);
    }
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
      if (!matched) {
        facet.options.forEach(function (option) {
          option.input.checked = option.input.type === "radio" && option.value === "";
        });
      }
    });
    if (this.sort) {
      var sort = params.get("sort");
      this.sort.value = SORTS.indexOf(sort) >= 0 ? sort : DEFAULT_SORT;
    }
  };

  /* The address of a state: known parameters in a fixed order, unknown ones kept first. */
  Finder.prototype.query = function (state) {
    var params = new URLSearchParams(window.location.search);
    var known = this.known;
    var result = new URLSearchParams();
    params.forEach(function (value, name) {
      if (!known[name]) {
        result.append(name, value);
      }
    });
    if (state.q) {
      result.append("q", state.q);
    }
    this.facets.forEach(function (facet) {
      if (facet.dates) {
        if (state.starts) {
          result.append(facet.name, state.starts);
        }
      } else {
        (state.facets[facet.name] || []).forEach(function (value) {
          result.append(facet.name, value);
        });
      }
    });
    if (state.sort !== DEFAULT_SORT) {
      result.append("sort", state.sort);
    }
    var text = result.toString();
    return text ? "?" + text : "";
  };

  /* A new history entry per change, except while typing: one entry per burst of keys. */
  Finder.prototype.remember = function (typing) {
    var search = this.query(this.state());
    if (search === window.location.search) {
      return;
    }
    var address = window.location.pathname + search + window.location.hash;
    var entry = {mcFinder: typing ? "typing" : "change"};
    var current = window.history.state;
    if (typing && current && current.mcFinder === "typing") {
      window.history.replaceState(entry, "", address);
    } else {
      window.history.pushState(entry, "", address);
    }
  };

  /* Writing history is slow on a phone (tens of milliseconds): do it after the frame that
     shows the change, and after what that frame set going. */
  Finder.prototype.rememberLater = function (typing) {
    var finder = this;
    afterPaint().then(function () {
      window.setTimeout(function () { finder.remember(typing); }, 0);
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
    var toggle = this.root.querySelector("[data-mc-toggle]");
    var clear = this.root.querySelector("[data-mc-clear]");
    var warm = function () { finder.load().catch(function () {}); };
    afterPaint().then(function () { finder.firstCards = finder.onScreen(); });
    if (window.IntersectionObserver) {
      this.watchList();
    }
    this.readUrl();
    if (!isEmpty(this.state())) {
      this.update();
    }
    /* The first sign that the visitor is about to use a control starts loading the index. */
    ["focusin", "pointerover"].forEach(function (type) {
      [finder.form, finder.filterForm, finder.sort].forEach(function (control) {
        if (control) {
          control.addEventListener(type, warm, {once: true});
        }
      });
    });
    if (this.filterForm) {
      this.filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
      var resting = null;
      this.filterForm.addEventListener("pointerover", function (event) {
        var label = event.target.closest ? event.target.closest("label") : null;
        window.clearTimeout(resting);
        if (label) {
          resting = window.setTimeout(function () {
            finder.anticipate(label.querySelector("input"));
          }, HOVER_INTENT);
        }
      });
      this.filterForm.addEventListener("focusin", function (event) {
        finder.anticipate(event.target);
      });
      /* An option whose count fell to zero while it had focus is disabled as focus leaves. */
      this.filterForm.addEventListener("focusout", function (event) {
        finder.facets.forEach(function (facet) {
          facet.options.forEach(function (option) {
            if (option.input === event.target && option.empty && !option.input.checked) {
              option.input.disabled = true;
            }
          });
        });
      });
    }
    if (this.form) {
      this.form.addEventListener("submit", function (event) {
        event.preventDefault();
        window.clearTimeout(finder.typing);
        finder.update();
        finder.rememberLater(false);
      });
    }
    if (this.input) {
      this.input.addEventListener("input", function () {
        var state = finder.state();
        if (finder.pagefind && state.q) {
          finder.pagefind.preload(state.q, {filters: finder.constraints(state) || KIND});
        }
        window.clearTimeout(finder.typing);
        finder.typing = window.setTimeout(function () {
          finder.update();
          finder.rememberLater(true);
        }, TYPING_PAUSE);
      });
    }
    this.root.addEventListener("change", function (event) {
      if (event.target === finder.input) {
        return;
      }
      finder.update();
      finder.rememberLater(false);
    });
    if (clear) {
      clear.addEventListener("click", function () {
        finder.clear();
        finder.update();
        finder.rememberLater(false);
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
      finder.update();
    });
  };

  function init() {
    var root = document.querySelector("[data-mc-finder]");
    if (root && root.querySelector("[data-mc-cards]") && window.URLSearchParams &&
        window.Promise && "content" in document.createElement("template")) {
      new Finder(root).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
