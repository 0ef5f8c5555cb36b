/* The header's search (partials/search.html), over the site's Pagefind index.
 *
 * Nothing of the index is fetched until the field gets focus: then pagefind/pagefind.js is
 * imported (its address is the form's data-mc-pagefind, relative to the page) and starts; a
 * query fetches only the index chunks its words need, and the fragments of the results shown.
 *
 * Everything drawn comes from the index, which holds catalogue text: it is written with
 * textContent and createElement only. Pagefind's excerpts are text with < and > escaped in
 * which <mark> wraps the matched words; they are split on those two tags here, never parsed.
 *
 * Keys: "/" focuses the field (outside other fields), ArrowDown and ArrowUp move between the
 * field and the results, Enter follows a result (or sends the words to the programme listing
 * from the field), Escape closes the results and returns to the field.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-mc-search]");
  if (!form || !("Promise" in window)) {
    return;
  }
  var input = form.querySelector("#mc-search");
  var panel = form.querySelector("[data-mc-search-panel]");
  var status = form.querySelector("#mc-search-status");
  var list = form.querySelector("#mc-search-results");
  var all = form.querySelector("[data-mc-search-all]");
  var listing = all ? all.getAttribute("href") : form.getAttribute("action");
  var SHOWN = 8;
  var EXCERPT_WORDS = 24;
  var LANGUAGE = document.documentElement.lang || undefined;
  var PLURALS = window.Intl && Intl.PluralRules ? new Intl.PluralRules(LANGUAGE) : null;
  var NUMBERS = window.Intl ? new Intl.NumberFormat(LANGUAGE) : null;
  /* "Searching…" only for a search slower than this (ms): announced on every keystroke it
     would drown the results' count. */
  var SLOW = 400;
  /* The results are drawn as the visitor types, each word's start searched; their count is
     said once the visitor has paused this long (ms), so that a screen reader says one count,
     not one per keystroke. */
  var PAUSE = 500;
  var loading = null;
  var latest = 0;
  var slow = null;
  var counted = null;

  function plural(count) {
    var category = PLURALS ? PLURALS.select(count) : "other";
    var text = status.getAttribute("data-results-" + category) ||
      status.getAttribute("data-results-other") || "";
    return text.replace("{count}", NUMBERS ? NUMBERS.format(count) : String(count));
  }

  function load() {
    if (!loading) {
      var url = new URL(form.getAttribute("data-mc-pagefind"), document.baseURI).href;
      loading = import(url).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ excerptLength: EXCERPT_WORDS }))
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      // A failed load may be the network: the next focus tries again.
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* Pagefind writes an excerpt from the page's text with < and > escaped (and nothing else),
     then wraps the matched words in <mark>: undoing exactly that gives the text back. */
  function decode(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  /* The excerpt as text and <mark> elements: Pagefind writes only <mark> and </mark> tags in
     it, so the pieces between them alternate outside and inside a mark. */
  function excerpt(html) {
    var span = document.createElement("span");
    span.className = "mc-search__excerpt";
    var pieces = html.split(/<(\/?)mark>/);
    var marked = false;
    for (var i = 0; i < pieces.length; i += 2) {
      if (pieces[i]) {
        var text = document.createTextNode(decode(pieces[i]));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          span.appendChild(mark);
        } else {
          span.appendChild(text);
        }
      }
      marked = pieces[i + 1] === "";
    }
    return span;
  }

  function item(result) {
    var meta = result.meta || {};
    var li = document.createElement("li");
    li.className = "mc-search__item";
    var link = document.createElement("a");
    link.className = "mc-search__link";
    link.setAttribute("href", safeHref(result.url));
    var title = document.createElement("span");
    title.className = "mc-search__title";
    title.textContent = meta.title || result.url;
    link.appendChild(title);
    if (meta.summary) {
      var summary = document.createElement("span");
      summary.className = "mc-search__summary";
      summary.textContent = meta.summary;
      link.appendChild(summary);
    }
    if (result.excerpt) {
      link.appendChild(excerpt(result.excerpt));
    }
    li.appendChild(link);
    return li;
  }

  /* Only addresses on this site: a result's URL comes from the index, which the site built,
     but a link is followed as written, so anything else is refused. */
  function safeHref(url) {
    var resolved = new URL(String(url), document.baseURI);
    return resolved.origin === window.location.origin ? resolved.href : "#";
  }

  function open(isOpen) {
    form.classList.toggle("mc-search--open", isOpen);
  }

  function show(results, words) {
    list.replaceChildren.apply(list, results.map(item));
    // Which words the results are of (for tests and the benchmark).
    list.setAttribute("data-mc-words", words);
    list.hidden = results.length === 0;
    all.parentNode.hidden = !words;
    all.setAttribute("href", listing + "?" + new URLSearchParams({ q: words }).toString());
    open(true);
  }

  // The pending announcements ("Searching…", the count) are dropped.
  function hush() {
    window.clearTimeout(slow);
    window.clearTimeout(counted);
  }

  function say(text) {
    hush();
    // The same text again is not announced by every screen reader: clear it first.
    if (status.textContent === text) {
      status.textContent = "";
    }
    status.textContent = text;
  }

  function run() {
    var words = input.value.trim();
    var ticket = ++latest;
    if (!words) {
      list.replaceChildren();
      list.removeAttribute("data-mc-words");
      list.hidden = true;
      all.parentNode.hidden = true;
      hush();
      status.textContent = "";
      open(false);
      return;
    }
    // The last count no longer holds; emptied, the live region says nothing.
    status.textContent = "";
    hush();
    slow = window.setTimeout(function () {
      if (ticket === latest) {
        say(status.getAttribute("data-loading"));
      }
    }, SLOW);
    load()
      /* No pause before searching: Pagefind searches in its worker, off the page's thread, so
         every keystroke can search, and an answer that a later keystroke overtook is dropped
         (the ticket). Its default pause of 150 ms was half of what a visitor waited for the
         last word's results (measured at 5,000 programmes, CPU slowed 4x: 370 ms with it,
         145 ms without). */
      .then(function (pagefind) { return pagefind.debouncedSearch(words, {}, 0); })
      .then(function (search) {
        // null: a later keystroke replaced this search.
        if (search === null || ticket !== latest) {
          return null;
        }
        var first = search.results.slice(0, SHOWN);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket !== latest) {
            return;
          }
          show(data, words);
          var count = search.results.length;
          var text = count ? plural(count) : status.getAttribute("data-none");
          hush();
          counted = window.setTimeout(function () {
            if (ticket === latest) {
              say(text);
            }
          }, PAUSE);
        });
      })
      .catch(function () {
        if (ticket === latest) {
          show([], "");
          say(status.getAttribute("data-error"));
        }
      });
  }

  function links() {
    var found = Array.prototype.slice.call(list.querySelectorAll("a.mc-search__link"));
    if (!all.parentNode.hidden) {
      found.push(all);
    }
    return found;
  }

  function move(from, step) {
    var targets = links();
    if (!targets.length) {
      return;
    }
    var index = targets.indexOf(from);
    var next = index + step;
    if (index === -1) {
      next = step > 0 ? 0 : targets.length - 1;
    }
    if (next < 0 || next >= targets.length) {
      input.focus();
      return;
    }
    targets[next].focus();
  }

  input.addEventListener("focus", function () {
    load().catch(function () { say(status.getAttribute("data-error")); });
  });
  input.addEventListener("input", run);
  // Back in the field after the results were closed: a click or ArrowDown shows them again.
  input.addEventListener("click", function () {
    if (input.value.trim() && links().length) {
      open(true);
    }
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links().length) {
        return;
      }
      event.preventDefault();
      open(true);
      move(event.target === input ? null : event.target, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      if (form.classList.contains("mc-search--open")) {
        event.preventDefault();
        open(false);
        input.focus();
      }
    }
  });

  // Focus leaving the search (Tab past it, a click elsewhere) closes the results.
  form.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
      open(false);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    // Not while the visitor is writing somewhere: "/" is theirs there.
    var target = event.target;
    var tag = target && target.tagName;
    var writing = tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable) ||
      (tag === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(target.type));
    if (writing) {
      return;
    }
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
