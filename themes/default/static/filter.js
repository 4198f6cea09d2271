/* incidex home filters; state in the URL: ?severity=critical,high&type=downtime&trigger=deploy&year=2025&service=redis&q=text.
   A large archive's home page lists only its newest rows: the rest come from the list data file
   (incidents-list.js), loaded when a filter, the search or "Show all" needs them. The same file
   holds the words of each report's summary, cause and symptoms: the search loads it to find
   reports by them, not only by their titles. */
/* Narrow screens (style.css's phone section): the filters fold behind one button that counts the
   active ones ("Filtres (2)"), and a long introduction folds to its first lines. The script only
   marks what can fold (class is-foldable) and shows the buttons: without it everything stays open,
   and on a wide screen the stylesheet keeps everything open and the buttons hidden. */
(function () {
  'use strict';

  var NARROW = 'screen and (max-width: 40em)'; // style.css's phone section

  // A disclosure: `button` (aria-controls) opens and closes its panel; `holder` carries the state.
  function disclosure(button, holder, onChange) {
    function set(open) {
      button.setAttribute('aria-expanded', String(open));
      holder.classList.toggle('is-open', open);
      if (onChange) onChange(open);
    }
    button.addEventListener('click', function () { set(button.getAttribute('aria-expanded') !== 'true'); });
    holder.classList.add('is-foldable');
    button.hidden = false;
    set(false);
  }

  // The filters (home) and the chips of a listing: the button's label counts the pressed chips,
  // the current listing's chip and a search, again after every change (the event 'incidex:filtered' of the filters below).
  [].forEach.call(document.querySelectorAll('button.filters-toggle[aria-controls]'), function (button) {
    var panel = document.getElementById(button.getAttribute('aria-controls'));
    if (!panel) return;
    var search = panel.querySelector('input[type="search"]');
    function label() {
      var active = panel.querySelectorAll('[aria-pressed="true"], [aria-current="page"]').length;
      if (search && search.value.trim()) active++;
      button.textContent = active
        ? button.getAttribute('data-label-count').replace('{count}', active)
        : button.getAttribute('data-label');
    }
    disclosure(button, button.parentNode);
    label();
    document.addEventListener('incidex:filtered', label);
  });

  // The introduction: folded to its first lines only when that hides some of it; focus moving
  // into it (a link) unfolds it.
  var intro = document.getElementById('intro');
  var more = document.getElementById('intro-toggle');
  if (intro && more && window.matchMedia) {
    var narrow = window.matchMedia(NARROW);
    var measure = function () {
      var open = more.getAttribute('aria-expanded') === 'true';
      // Folded, the stylesheet caps its height on a narrow screen only.
      var hides = !open && narrow.matches && intro.scrollHeight > intro.clientHeight + 1;
      intro.classList.toggle('intro-folds', hides);
      more.hidden = !(narrow.matches && (open || hides));
    };
    disclosure(more, intro, function (open) {
      more.textContent = more.getAttribute(open ? 'data-less' : 'data-more');
      measure();
    });
    intro.addEventListener('focusin', function () {
      if (more.getAttribute('aria-expanded') !== 'true') more.click();
    });
    measure();
    if (narrow.addEventListener) narrow.addEventListener('change', measure);
  }
})();

(function () {
  'use strict';

  var list = document.getElementById('incidents');
  if (!list || !window.URLSearchParams) return;
  var chips = [].slice.call(document.querySelectorAll('a[data-filter]'));
  if (!chips.length) return;
  var body = list.tBodies[0];
  var search = document.getElementById('search');
  var searchBox = document.getElementById('search-box');
  var count = document.getElementById('shown-count');
  var noResults = document.getElementById('no-results');
  var reset = document.getElementById('reset-filters');
  var partial = document.getElementById('list-partial');
  var showMore = document.getElementById('show-all');
  var loading = null; // null: not asked for; 'loading', 'done' or 'failed'
  var partialMessage = partial && partial.querySelector('p');
  // The page's language decides which counts take the singular (French: 0 and 1; English: 1).
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || 'en') : null;
  function pluralOne(n) {
    return plurals ? plurals.select(n) === 'one' : n === 1;
  }
  // A link to a folder names its index.html in an archive built for disk (`links: file`).
  var INDEX = document.documentElement.getAttribute('data-links') === 'file' ? 'index.html' : '';
  // The list shows a page of rows and grows by a page when the reader asks, up to a bound: the
  // page never holds more rows than that, whatever the archive (the listings by year hold them
  // all, a page at a time).
  var PAGE = 200;
  var MOST_ROWS = 2000;
  var limit = PAGE;

  // Every report the page knows, newest first: the rows it came with, then (once loaded) the
  // list data's. A record's row is built when it is first shown.
  var records = [].slice.call(body.querySelectorAll('[data-incident]')).map(function (row) {
    return recordOf(row);
  });
  var total = partial ? Number(partial.getAttribute('data-total')) || records.length : records.length;

  function recordOf(row) {
    var record = { slug: row.getAttribute('data-incident'), row: row, facets: dict() };
    record.search = fold(row.getAttribute('data-search'));
    return record;
  }

  // A record's values for a filter group (from its row's data attributes, or the list data).
  function valuesOf(record, group) {
    var values = record.facets[group];
    if (!values) {
      values = (record.row ? record.row.getAttribute('data-' + group) || '' : '').split(/[\s,]+/);
      record.facets[group] = values;
    }
    return values;
  }

  // Groups in page order: severity, type, trigger, year, and any later one (service...).
  var groups = [];
  var known = dict();
  chips.forEach(function (chip) {
    var parts = chip.getAttribute('data-filter').split(':');
    chip._group = parts[0];
    chip._slug = parts.slice(1).join(':');
    if (!known[chip._group]) { known[chip._group] = dict(); groups.push(chip._group); }
    known[chip._group][chip._slug] = true;
    chip.setAttribute('role', 'button');
    chip.setAttribute('aria-pressed', 'false');
  });

  function dict() { return Object.create(null); }

  // The home page has chips for the most used services and the newest years only (the index
  // pages list them all):
  // one named by a shared URL gets a chip of its own, labelled with its URL name, so that it
  // shows pressed and can be cleared. Only a URL name as incidex makes them is taken.
  var OPEN_GROUPS = { year: true, service: true, tag: true };
  var URL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  function addChip(group, slug) {
    var holder = OPEN_GROUPS[group] && URL_NAME.test(slug) &&
      document.querySelector('ul[data-chips="' + group + '"]');
    if (!holder) return;
    var chip = document.createElement('a');
    chip.className = 'chip';
    chip.setAttribute('href', group + '/' + slug + '/' + INDEX);
    chip.setAttribute('data-filter', group + ':' + slug);
    chip.setAttribute('role', 'button');
    chip.setAttribute('aria-pressed', 'false');
    var label = document.createElement('span');
    label.className = 'chip-label';
    label.textContent = slug;
    chip.appendChild(label);
    chip._group = group;
    chip._slug = slug;
    known[group][slug] = true;
    listen(chip);
    chips.push(chip);
    var item = document.createElement('li');
    item.appendChild(chip);
    holder.appendChild(item);
  }

  function fold(s) {
    return String(s || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  var state = { q: '' };

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state = { q: params.get('q') || '' };
    groups.forEach(function (group) {
      var selected = dict();
      (params.get(group) || '').split(',').forEach(function (slug) {
        slug = slug.trim();
        if (slug && !known[group][slug]) addChip(group, slug);
        if (slug && known[group][slug]) selected[slug] = true;
      });
      state[group] = selected;
    });
  }

  function query() {
    var parts = [];
    groups.forEach(function (group) {
      // Chip order: one URL per view.
      var slugs = chips.filter(function (c) {
        return c._group === group && state[group][c._slug];
      }).map(function (c) { return encodeURIComponent(c._slug); });
      if (slugs.length) parts.push(group + '=' + slugs.join(','));
    });
    if (state.q.trim()) parts.push('q=' + encodeURIComponent(state.q.trim()));
    return (parts.length ? '?' + parts.join('&') : location.pathname) + location.hash;
  }

  function writeUrl(push) {
    var url = query();
    try {
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    } catch (e) { /* sandboxed: filters still work */ }
  }

  function matches(record, words) {
    for (var i = 0; i < groups.length; i++) {
      var selected = state[groups[i]];
      if (!Object.keys(selected).length) continue;
      if (!valuesOf(record, groups[i]).some(function (v) { return selected[v]; })) return false;
    }
    return words.every(function (w) { return record.search.indexOf(w) !== -1; });
  }

  // ---- The rest of a large archive's list ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A row built like incidents-table.html's, from one row of the list data file.
  function buildRow(data, r, headers) {
    var c = {};
    data.columns.forEach(function (name, i) { c[name] = r[i]; });
    var tr = el('tr');
    tr.setAttribute('data-incident', c.slug);
    tr.setAttribute('data-severity', c.severity);
    tr.setAttribute('data-type', c.type);
    tr.setAttribute('data-year', c.year);
    tr.setAttribute('data-service', (c.services || []).join(' '));
    tr.setAttribute('data-tag', (c.tags || []).join(' '));
    tr.setAttribute('data-trigger', c.trigger || '');
    tr.setAttribute('data-search', c.search);
    if (c.draft) tr.className = 'is-draft';
    function cell(tag, className, header) {
      var node = el(tag, className);
      if (tag === 'td') node.setAttribute('data-label', headers[header] || '');
      tr.appendChild(node);
      return node;
    }
    var time = el('time', '', c.date);
    time.setAttribute('datetime', c.date_iso);
    cell('td', 'c-date', 0).appendChild(time);
    var title = cell('th', 'c-title', 1);
    title.setAttribute('scope', 'row');
    var link = el('a', '', c.title);
    link.setAttribute('href', 'incidents/' + c.slug + '/' + INDEX);
    title.appendChild(link);
    if (c.draft) {
      title.appendChild(document.createTextNode(' '));
      title.appendChild(el('span', 'badge badge-draft', data.labels.draft));
    }
    cell('td', 'c-type', 2).appendChild(el('span', 'badge kind-' + c.type, data.type[c.type]));
    cell('td', 'c-severity', 3).appendChild(el('span', 'badge sev-' + c.severity, data.severity[c.severity]));
    var duration = cell('td', 'c-duration', 4);
    if (c.ongoing) duration.appendChild(el('span', 'badge badge-ongoing', data.labels.ongoing));
    else duration.textContent = c.duration;
    var impact = el('span', 'cell');
    impact.appendChild(el('span', 'impact impact-' + (c.affected ? 'yes' : 'no'), data.impact[c.affected ? 'yes' : 'no']));
    if (c.impact_description) {
      impact.appendChild(document.createTextNode(' '));
      impact.appendChild(el('span', 'impact-desc', c.impact_description));
    }
    cell('td', 'c-impact', 5).appendChild(impact);
    var cost = cell('td', 'c-cost', 6);
    if (c.cost) cost.textContent = c.cost;
    else {
      var none = el('span', 'cell');
      var dash = el('span', 'none', '\u2014');
      dash.setAttribute('aria-hidden', 'true');
      none.appendChild(dash);
      none.appendChild(el('span', 'visually-hidden', data.labels.not_given));
      cost.appendChild(none);
    }
    return tr;
  }

  // Called by the list data file: every report, newest first, as records.
  window.incidexList = function (data) {
    var headers = [].slice.call(list.querySelectorAll('thead th')).map(function (th) { return th.textContent; });
    var present = dict();
    records.forEach(function (record) { present[record.slug] = record; });
    var at = dict();
    data.columns.forEach(function (name, i) { at[name] = i; });
    records = data.rows.map(function (r) {
      var words = at.words !== undefined && r[at.words] ? ' ' + r[at.words] : '';
      var record = present[r[0]];
      if (record) {
        record.search = fold(record.row.getAttribute('data-search') + words);
        return record;
      }
      record = { slug: r[0], row: null, facets: dict() };
      record.facets.severity = [r[at.severity]];
      record.facets.type = [r[at.type]];
      record.facets.year = [String(r[at.year])];
      record.facets.service = r[at.services] || [];
      record.facets.tag = r[at.tags] || [];
      record.facets.trigger = [r[at.trigger] || ''];
      record.search = fold(r[at.search] + words);
      record.build = function () { return buildRow(data, r, headers); };
      return record;
    });
    total = records.length;
    loading = 'done';
    list.setAttribute('data-list-loaded', '');
    apply(true);
  };

  // The list data file: from the partial list's note, or from the search box.
  var listUrl = (partial && partial.getAttribute('data-list')) ||
    (searchBox && searchBox.getAttribute('data-list'));

  function loadAll() {
    if (!listUrl || loading) return;
    loading = 'loading';
    var script = document.createElement('script');
    script.src = listUrl;
    script.onerror = function () {
      loading = 'failed';
      apply(true);
    };
    document.head.appendChild(script);
  }

  if (showMore) {
    showMore.hidden = false;
    showMore.addEventListener('click', function () {
      limit = Math.min(limit + PAGE, MOST_ROWS);
      loadAll();
      apply(true);
    });
  }

  // The note under the list: what it holds of the reports it could show, and the button that
  // shows a page more; at the bound, where to find the rest.
  function note(shown, of, unfiltered) {
    if (!partial) return;
    if (loading === 'loading' || loading === 'failed') {
      partial.hidden = false;
      if (partialMessage) {
        partialMessage.textContent = partial.getAttribute(loading === 'loading' ? 'data-loading' : 'data-failed');
      }
      if (showMore) showMore.hidden = true;
      return;
    }
    partial.hidden = shown >= of;
    var more = Math.min(PAGE, of - shown, MOST_ROWS - shown);
    var key = more > 0 ? (unfiltered ? 'data-partial' : 'data-window') : 'data-bound';
    if (partialMessage) {
      partialMessage.textContent = (partial.getAttribute(key) || '').replace('{shown}', shown).replace('{total}', of);
    }
    if (showMore) {
      showMore.hidden = more <= 0;
      showMore.textContent = (showMore.getAttribute('data-label') || '').replace('{count}', more);
    }
  }

  // Each chip counts the reports it would show: those matching the search and every other
  // group's chips, with its value. Only once every report is known (a large archive's page
  // comes with the archive's own counts until the list data is loaded).
  function countChips(words) {
    if (loading === 'loading' || (partial && loading !== 'done')) return;
    var counts = dict();
    groups.forEach(function (group) { counts[group] = dict(); });
    var chosen = groups.filter(function (group) { return Object.keys(state[group]).length; });
    records.forEach(function (record) {
      if (!words.every(function (w) { return record.search.indexOf(w) !== -1; })) return;
      var missed = null;
      for (var i = 0; i < chosen.length; i++) {
        var selected = state[chosen[i]];
        if (!valuesOf(record, chosen[i]).some(function (v) { return selected[v]; })) {
          if (missed) return; // fails two groups: no chip can bring it in
          missed = chosen[i];
        }
      }
      groups.forEach(function (group) {
        if (missed && missed !== group) return;
        valuesOf(record, group).forEach(function (v) {
          counts[group][v] = (counts[group][v] || 0) + 1;
        });
      });
    });
    chips.forEach(function (chip) {
      var shown = chip.querySelector('.chip-count');
      if (shown) shown.textContent = String(counts[chip._group][chip._slug] || 0);
    });
  }

  // Filters the records and shows the first `limit` that match. `more`: the reader asked for
  // more rows (the filters did not change).
  function apply(more) {
    if (!more) limit = PAGE;
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    var active = words.length > 0;
    chips.forEach(function (chip) {
      var on = !!state[chip._group][chip._slug];
      active = active || on;
      chip.setAttribute('aria-pressed', String(on));
    });
    // Filters and the search cover the whole archive, the search every report's words: fetch
    // the list data first (at once on a small archive with the search only).
    if (active && (partial || words.length)) loadAll();
    var found = 0;
    var fragment = document.createDocumentFragment();
    records.forEach(function (record) {
      if (!active || matches(record, words)) {
        found++;
        if (found <= limit) {
          if (!record.row) record.row = record.build();
          record.row.hidden = false;
          fragment.appendChild(record.row);
        }
      }
    });
    body.textContent = '';
    body.appendChild(fragment);
    countChips(words);
    var shown = Math.min(found, limit);
    // Unfiltered, the count says how many rows the page holds; filtered, how many match.
    var counted = active ? found : shown;
    if (search && search.value !== state.q) search.value = state.q;
    // While the list data loads, the rows found so far are not the answer: the list says it is
    // loading (aria-busy, the count's loading text), never "0 incidents" or "no results".
    var waiting = active && loading === 'loading';
    if (waiting) list.setAttribute('aria-busy', 'true');
    else list.removeAttribute('aria-busy');
    if (count) {
      var pattern = count.getAttribute(pluralOne(counted) ? 'data-one' : 'data-other');
      if (waiting && count.getAttribute('data-loading')) count.textContent = count.getAttribute('data-loading');
      else if (pattern) count.textContent = pattern.replace('{shown}', counted).replace('{total}', total);
    }
    if (noResults) noResults.hidden = waiting || found !== 0;
    note(shown, active ? found : total, !active);
    list.hidden = !waiting && found === 0;
    if (reset) reset.hidden = !active;
    // The folded filters' button counts them again.
    document.dispatchEvent(new Event('incidex:filtered'));
  }

  function toggle(chip) {
    var selected = state[chip._group];
    if (selected[chip._slug]) delete selected[chip._slug];
    else selected[chip._slug] = true;
    writeUrl(true);
    apply();
  }

  function listen(chip) {
    chip.addEventListener('click', function (event) {
      // Modified clicks open the listing page.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      toggle(chip);
    });
    chip.addEventListener('keydown', function (event) {
      if (event.key === ' ') { event.preventDefault(); toggle(chip); }
    });
  }
  chips.forEach(listen);

  // Typing is grouped: the list is filtered again once the keys pause, not at every key; the
  // URL follows at once, and the list is marked busy until then.
  var TYPING_PAUSE = 150; // ms
  var typing = null;
  if (search) {
    search.addEventListener('input', function () {
      state.q = search.value;
      writeUrl(false);
      list.setAttribute('aria-busy', 'true');
      clearTimeout(typing);
      typing = setTimeout(apply, TYPING_PAUSE);
    });
  }
  if (searchBox) searchBox.hidden = false;

  if (reset) {
    reset.addEventListener('click', function () {
      state.q = '';
      groups.forEach(function (group) { state[group] = dict(); });
      writeUrl(true);
      apply();
      if (search) search.focus();
    });
  }

  window.addEventListener('popstate', function () {
    readUrl();
    apply();
  });

  readUrl();
  apply();
})();
