/* incidex home filters; state in the URL: ?severity=critical,high&type=downtime&year=2025&q=text */
(function () {
  'use strict';

  var list = document.getElementById('incidents');
  if (!list || !window.URLSearchParams) return;
  var chips = [].slice.call(document.querySelectorAll('a[data-filter]'));
  if (!chips.length) return;
  var rows = [].slice.call(list.querySelectorAll('[data-incident]'));
  var search = document.getElementById('search');
  var searchBox = document.getElementById('search-box');
  var count = document.getElementById('shown-count');
  var noResults = document.getElementById('no-results');
  var reset = document.getElementById('reset-filters');

  // Groups in page order: severity, type, year, and any later one (service...).
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

  function fold(s) {
    return String(s || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  rows.forEach(function (row) { row._search = fold(row.getAttribute('data-search')); });

  var state = { q: '' };

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state = { q: params.get('q') || '' };
    groups.forEach(function (group) {
      var selected = dict();
      (params.get(group) || '').split(',').forEach(function (slug) {
        slug = slug.trim();
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

  function matches(row, words) {
    for (var i = 0; i < groups.length; i++) {
      var selected = state[groups[i]];
      if (!Object.keys(selected).length) continue;
      var values = (row.getAttribute('data-' + groups[i]) || '').split(/[\s,]+/);
      if (!values.some(function (v) { return selected[v]; })) return false;
    }
    return words.every(function (w) { return row._search.indexOf(w) !== -1; });
  }

  function apply() {
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, words);
      row.hidden = !ok;
      if (ok) shown++;
    });
    var active = words.length > 0;
    chips.forEach(function (chip) {
      var on = !!state[chip._group][chip._slug];
      active = active || on;
      chip.setAttribute('aria-pressed', String(on));
    });
    if (search && search.value !== state.q) search.value = state.q;
    if (count) {
      var pattern = count.getAttribute(shown === 1 ? 'data-one' : 'data-other');
      if (pattern) count.textContent = pattern.replace('{shown}', shown).replace('{total}', rows.length);
    }
    if (noResults) noResults.hidden = shown !== 0;
    list.hidden = shown === 0;
    if (reset) reset.hidden = !active;
  }

  function toggle(chip) {
    var selected = state[chip._group];
    if (selected[chip._slug]) delete selected[chip._slug];
    else selected[chip._slug] = true;
    writeUrl(true);
    apply();
  }

  chips.forEach(function (chip) {
    chip.addEventListener('click', function (event) {
      // Modified clicks open the listing page.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      toggle(chip);
    });
    chip.addEventListener('keydown', function (event) {
      if (event.key === ' ') { event.preventDefault(); toggle(chip); }
    });
  });

  if (search) {
    search.addEventListener('input', function () {
      state.q = search.value;
      writeUrl(false);
      apply();
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
