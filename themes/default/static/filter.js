/* incidex home filters; state in the URL: ?severity=critical,high&type=downtime&trigger=deploy&year=2025&service=redis&q=text.
   A large archive's home page lists only its newest rows. The rest is in the list data (list/),
   loaded in pieces as they are needed: the index of every report's filter values first, then
   the chunks of rows shown, and for the search the files of the words typed (each report's
   title, summary, cause and symptoms). */
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
  if (!list || !window.URLSearchParams || !window.Int32Array) return;
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

  // The reports are numbered newest first, as in the list data; the page's own rows are the
  // first of them (all of them when there is no note saying the list is partial).
  var pageRows = [].slice.call(body.querySelectorAll('[data-incident]'));
  var total = partial ? Number(partial.getAttribute('data-total')) || pageRows.length : pageRows.length;

  // ---- The list data: loaded in pieces, by script tags (they load from `file://` too) ----
  // The index (facets, file names) comes first; then the chunks of rows shown and the files
  // of the words searched. Each piece calls one of the functions below when it has loaded.
  var listUrl = (partial && partial.getAttribute('data-list')) ||
    (searchBox && searchBox.getAttribute('data-list'));
  var folder = listUrl ? listUrl.slice(0, listUrl.lastIndexOf('/') + 1) : '';
  var index = null;
  var loads = dict(); // file name → 'loading', 'done' or 'failed'
  var chunks = dict(); // chunk key ("/3": the fourth of every report's; "high/0") → its rows
  var chunkNames = dict(); // chunk key → file name
  var shards = []; // words file number → its words
  var built = []; // report number → its row, once built

  function load(name) {
    if (!name) return (loads[''] = 'failed');
    if (loads[name]) return loads[name];
    loads[name] = 'loading';
    var script = document.createElement('script');
    script.src = name === listUrl ? name : folder + name;
    script.onerror = function () {
      loads[name] = 'failed';
      apply(true);
    };
    document.head.appendChild(script);
    return 'loading';
  }

  window.incidexIndex = function (data) {
    takeIndex(data);
    apply(true);
  };
  function takeIndex(data) {
    index = data;
    data.rows.forEach(function (name, n) { chunkNames['/' + n] = name; });
    Object.keys(data.severity_rows || {}).forEach(function (severity) {
      data.severity_rows[severity].forEach(function (name, n) { chunkNames[severity + '/' + n] = name; });
    });
    facets = indexFacets(data);
    total = data.total;
    loads[listUrl] = 'done';
    list.setAttribute('data-list-loaded', '');
  }
  window.incidexRows = function (key, rows) {
    chunks[key] = rows;
    loads[chunkNames[key]] = 'done';
    apply(true);
  };
  window.incidexWords = function (n, words) {
    shards[n] = words;
    if (index) loads[index.shards[n]] = 'done';
    apply(true);
  };

  function dict() { return Object.create(null); }

  // Report numbers written as gaps in base 36 ("0,4,25": 0, 5, 83), read once.
  function positions(text) {
    if (typeof text !== 'string') return text;
    var parts = text ? text.split(',') : [];
    var out = new Int32Array(parts.length);
    var at = 0;
    for (var i = 0; i < parts.length; i++) {
      at += parseInt(parts[i], 36);
      out[i] = at++;
    }
    return out;
  }

  // ---- Facets: for each filter group, each report's value (severity, type, trigger, year) or
  // each value's reports (service, tag) ----
  var facets = null;
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

  function indexFacets(data) {
    var out = dict();
    var digit = new Int32Array(128);
    for (var c = 0; c < DIGITS.length; c++) digit[DIGITS.charCodeAt(c)] = c;
    Object.keys(data.dense).forEach(function (group) {
      var d = data.dense[group];
      var text = d.ids;
      var ids = new Int32Array(data.total);
      for (var i = 0, at = 0; i < data.total; i++) {
        var v = 0;
        for (var k = 0; k < d.width; k++) v = v * 62 + digit[text.charCodeAt(at++) & 127];
        ids[i] = v;
      }
      var idOf = dict();
      d.values.forEach(function (slug, id) { idOf[slug] = id; });
      out[group] = { ids: ids, values: d.values, idOf: idOf };
    });
    Object.keys(data.lists).forEach(function (group) {
      out[group] = { lists: data.lists[group] };
    });
    return out;
  }

  // The facets of a page that lists every report, read from its rows' data attributes.
  function pageFacets() {
    var out = dict();
    groups.forEach(function (group) {
      var lists = dict();
      pageRows.forEach(function (row, i) {
        (row.getAttribute('data-' + group) || '').split(/[\s,]+/).forEach(function (slug) {
          (lists[slug] = lists[slug] || []).push(i);
        });
      });
      out[group] = { lists: lists };
    });
    return out;
  }

  // The reports of `slug` in a list facet.
  function reportsOf(facet, slug) {
    if (!Object.prototype.hasOwnProperty.call(facet.lists, slug)) return [];
    var text = facet.lists[slug];
    if (typeof text === 'string') facet.lists[slug] = text = positions(text);
    return text;
  }

  // Which reports have one of the `selected` values of a group (1) or not (0).
  function groupMask(group, selected) {
    var facet = facets[group];
    var mask = new Uint8Array(total);
    if (!facet) return mask;
    if (facet.ids) {
      var chosen = new Uint8Array(facet.values.length);
      Object.keys(selected).forEach(function (slug) {
        if (facet.idOf[slug] !== undefined) chosen[facet.idOf[slug]] = 1;
      });
      for (var i = 0; i < total; i++) mask[i] = chosen[facet.ids[i]];
    } else {
      Object.keys(selected).forEach(function (slug) {
        var reports = reportsOf(facet, slug);
        for (var j = 0; j < reports.length; j++) mask[reports[j]] = 1;
      });
    }
    return mask;
  }

  // ---- Search: each word of the query begins a word of the report (its title, summary,
  // cause or symptoms) ----
  // As incidex folds the words it indexes: compatibility decomposition, marks dropped, lower case.
  function fold(s) {
    return String(s || '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }
  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;
  function queryWords(q) {
    return fold(q).split(NOT_WORD).filter(Boolean);
  }

  // The words files a query word needs: that of its first two characters (all those beginning
  // with its character, for a word of one).
  function shardsOf(word) {
    var chars = Array.from(word);
    if (chars.length >= 2) {
      var n = index.words[chars[0] + chars[1]];
      return n === undefined ? [] : [n];
    }
    var found = [];
    Object.keys(index.words).forEach(function (key) {
      if (key.indexOf(word) === 0 && found.indexOf(index.words[key]) === -1) found.push(index.words[key]);
    });
    return found;
  }

  // Asks for the words files of `words` not loaded yet; whether all are there.
  function fetchWords(words) {
    var ready = true;
    words.forEach(function (word) {
      shardsOf(word).forEach(function (n) {
        if (shards[n]) return;
        load(index.shards[n]);
        ready = false;
      });
    });
    return ready;
  }

  // The reports with a word beginning with each of `words` (their files loaded), or null while
  // they load.
  function searchMask(words) {
    if (!fetchWords(words)) return null;
    var mask = null;
    for (var w = 0; w < words.length; w++) {
      var files = shardsOf(words[w]);
      var has = new Uint8Array(total);
      files.forEach(function (n) {
        var shard = shards[n];
        Object.keys(shard).forEach(function (known) {
          if (known.lastIndexOf(words[w], 0) !== 0) return;
          var reports = shard[known] = positions(shard[known]);
          for (var j = 0; j < reports.length; j++) has[reports[j]] = 1;
        });
      });
      if (mask) for (var i = 0; i < total; i++) mask[i] &= has[i];
      else mask = has;
    }
    return mask;
  }

  // ---- Chips and the URL ----
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
  if (!partial) facets = pageFacets();

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

  // ---- Rows ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A report's value in a facet the index holds for every report (severity, type...).
  function valueOf(group, n) {
    var facet = facets[group];
    return facet && facet.ids ? facet.values[facet.ids[n]] : '';
  }

  // Report `n`'s row built like incidents-table.html's, from its data `r` and the index.
  function buildRow(r, n, headers) {
    var c = {};
    index.columns.forEach(function (name, i) { c[name] = r[i]; });
    var labels = index.labels;
    var severity = valueOf('severity', n);
    var type = valueOf('type', n);
    var tr = el('tr');
    tr.setAttribute('data-incident', c.slug);
    tr.setAttribute('data-severity', severity);
    tr.setAttribute('data-type', type);
    tr.setAttribute('data-year', valueOf('year', n));
    tr.setAttribute('data-trigger', valueOf('trigger', n));
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
      title.appendChild(el('span', 'badge badge-draft', labels.draft));
    }
    cell('td', 'c-type', 2).appendChild(el('span', 'badge kind-' + type, labels.type[type]));
    cell('td', 'c-severity', 3).appendChild(el('span', 'badge sev-' + severity, labels.severity[severity]));
    var duration = cell('td', 'c-duration', 4);
    if (c.ongoing) duration.appendChild(el('span', 'badge badge-ongoing', labels.ongoing));
    else duration.textContent = c.duration;
    var impact = el('span', 'cell');
    impact.appendChild(el('span', 'impact impact-' + (c.affected ? 'yes' : 'no'), labels.impact[c.affected ? 'yes' : 'no']));
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
      none.appendChild(el('span', 'visually-hidden', labels.not_given));
      cost.appendChild(none);
    }
    return tr;
  }

  // Each report's place among those of its severity (the chunks of a severity's rows).
  var severityRanks = null;
  function severityRank(n) {
    if (!severityRanks) {
      var facet = facets.severity;
      var next = new Int32Array(facet.values.length);
      severityRanks = new Int32Array(total);
      for (var i = 0; i < total; i++) severityRanks[i] = next[facet.ids[i]]++;
    }
    return severityRanks[n];
  }

  // The row of report `n`: the page's own, one built before, or one built from its chunk;
  // undefined while its chunk loads (asked for here). With a severity chip pressed, the
  // chunk is one of the rows of its severity: the results lie in few of them.
  var headers = null;
  function rowOf(n) {
    if (n < pageRows.length) return pageRows[n];
    if (built[n]) return built[n];
    var set = '';
    var at = n;
    if (index.severity_rows && Object.keys(state.severity || {}).length) {
      set = valueOf('severity', n);
      at = severityRank(n);
    }
    var chunk = chunks[set + '/' + Math.floor(at / index.chunk)];
    if (!chunk) {
      load(chunkNames[set + '/' + Math.floor(at / index.chunk)]);
      return undefined;
    }
    headers = headers || [].slice.call(list.querySelectorAll('thead th')).map(function (th) { return th.textContent; });
    return (built[n] = buildRow(chunk[at % index.chunk], n, headers));
  }

  // ---- Filtering ----
  // What the current filters find: `found` (report numbers, newest first), `missed` (per
  // report: -1 found; the number of the one group it fails; -2 more), or `waiting` while the
  // data they need loads.
  function evaluate(words, active) {
    if (!active) return { found: null };
    var needsIndex = partial || words.length;
    if (needsIndex && !index) {
      load(listUrl);
      return { waiting: true };
    }
    var masks = groups.map(function (group) {
      return Object.keys(state[group]).length ? groupMask(group, state[group]) : null;
    });
    var searched = words.length ? searchMask(words) : null;
    if (words.length && !searched) return { waiting: true };
    var missed = new Int8Array(total);
    var found = [];
    for (var i = 0; i < total; i++) {
      var m = searched && !searched[i] ? -2 : -1;
      for (var g = 0; g < masks.length && m !== -2; g++) {
        if (masks[g] && !masks[g][i]) m = m === -1 ? g : -2;
      }
      missed[i] = m;
      if (m === -1) found.push(i);
    }
    return { found: found, missed: missed };
  }

  // Each chip counts the reports it would show: those matching the search and every other
  // group's chips, with its value. Only once every report is known (a large archive's page
  // comes with the archive's own counts until the index is loaded).
  function countChips(missed) {
    if (!facets) return;
    groups.forEach(function (group, g) {
      var facet = facets[group];
      var counts = dict();
      var counted = function (n) { return !missed || missed[n] === -1 || missed[n] === g; };
      if (facet && facet.ids) {
        var byId = new Int32Array(facet.values.length);
        for (var i = 0; i < total; i++) if (counted(i)) byId[facet.ids[i]]++;
        facet.values.forEach(function (slug, id) { counts[slug] = byId[id]; });
      }
      chips.forEach(function (chip) {
        if (chip._group !== group) return;
        var shown = chip.querySelector('.chip-count');
        if (!shown) return;
        var n = counts[chip._slug];
        if (n === undefined && facet && facet.lists) {
          n = 0;
          var reports = reportsOf(facet, chip._slug);
          for (var j = 0; j < reports.length; j++) if (counted(reports[j])) n++;
        }
        shown.textContent = String(n || 0);
      });
    });
  }

  // The note under the list: what it holds of the reports it could show, and the button that
  // shows a page more; at the bound, where to find the rest; while loading or after a failure,
  // that.
  function note(shown, of, unfiltered, loading) {
    if (!partial) return;
    if (loading) {
      partial.hidden = false;
      if (partialMessage) partialMessage.textContent = partial.getAttribute('data-' + loading);
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

  function anyFailed() {
    return Object.keys(loads).some(function (name) { return loads[name] === 'failed'; });
  }

  // Filters the reports and shows the first `limit` that match, once the data they need has
  // loaded (each piece that arrives calls this again, for the filters of that moment: a
  // slower answer to an older query is never shown). `more`: the filters did not change.
  function apply(more) {
    if (!more) limit = PAGE;
    var words = queryWords(state.q);
    var active = words.length > 0;
    chips.forEach(function (chip) {
      var on = !!state[chip._group][chip._slug];
      active = active || on;
      chip.setAttribute('aria-pressed', String(on));
    });
    var result = evaluate(words, active);
    var found = result.found;
    var matched = found ? found.length : total;
    var shown = Math.min(matched, limit);
    var rows = [];
    var waiting = !!result.waiting;
    if (!waiting && shown > pageRows.length && !index) {
      load(listUrl);
      waiting = true;
    }
    // Every chunk the rows need is asked for at once: they load side by side.
    for (var i = 0; i < shown && !result.waiting && (index || i < pageRows.length); i++) {
      var row = rowOf(found ? found[i] : i);
      if (row) rows.push(row);
      else waiting = true;
    }
    var failed = waiting && anyFailed();
    // While the data loads, the rows shown so far stay: the list says it is loading
    // (aria-busy, the count's loading text), never "0 incidents" or "no results". When a
    // piece could not be loaded, only the note speaks (where to look instead).
    if (failed) list.removeAttribute('aria-busy');
    else if (waiting) {
      list.setAttribute('aria-busy', 'true');
      // A shared link opens filtered: the page's own rows are not laid out in the meantime.
      if (opening) body.textContent = '';
    } else {
      list.removeAttribute('aria-busy');
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) { row.hidden = false; fragment.appendChild(row); });
      body.textContent = '';
      body.appendChild(fragment);
      countChips(result.missed);
    }
    // Unfiltered, the count says how many rows the page holds; filtered, how many match.
    var counted = active ? matched : shown;
    if (search && search.value !== state.q) search.value = state.q;
    if (count) {
      var pattern = count.getAttribute(pluralOne(counted) ? 'data-one' : 'data-other');
      if (failed) count.textContent = '';
      else if (waiting && count.getAttribute('data-loading')) count.textContent = count.getAttribute('data-loading');
      else if (pattern) count.textContent = pattern.replace('{shown}', counted).replace('{total}', total);
    }
    if (noResults) noResults.hidden = waiting || matched !== 0;
    note(shown, active ? matched : total, !active, failed ? 'failed' : waiting ? 'loading' : null);
    list.hidden = !waiting && matched === 0;
    if (reset) reset.hidden = !active;
    // The folded filters' button counts them again.
    document.dispatchEvent(new Event('incidex:filtered'));
  }

  if (showMore) {
    showMore.hidden = false;
    showMore.addEventListener('click', function () {
      limit = Math.min(limit + PAGE, MOST_ROWS);
      apply(true);
    });
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
  var TYPING_PAUSE = 100; // ms
  var typing = null;
  if (search) {
    // The index is fetched as soon as the reader turns to the search, and a word's files
    // while the keys pause: the answer does not wait for them after the pause.
    search.addEventListener('focus', function () { load(listUrl); });
    search.addEventListener('input', function () {
      state.q = search.value;
      if (index) fetchWords(queryWords(state.q));
      else load(listUrl);
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

  var opening = true;
  readUrl();
  apply();
  opening = false;
})();
