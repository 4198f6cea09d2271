// The page kinds of a built archive, one line each: every page check (errors, axe, phone width) visits them all.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { yearOf } = require('./lib');

/** The report whose page is largest: the one that shows the most of the incident template. */
function fullestIncident(dir, incidents) {
  const size = (i) => fs.statSync(path.join(dir, i.path, 'index.html')).size;
  return incidents.reduce((best, i) => (size(i) > size(best) ? i : best));
}

/** The path of the first `kind` listing (service, tag) linked from the page at `page`. */
function firstListing(dir, page, kind) {
  const html = fs.readFileSync(path.join(dir, page), 'utf8');
  const link = html.match(new RegExp(`href="(?:\\.\\./)*(?:\\./)?(${kind}/[^"/]+/)"`));
  if (!link) throw new Error(`${page} links to no ${kind} listing`);
  return link[1];
}

/**
 * { kind, path(dir, incidents) → path from the site root, status } for each kind of page.
 * A new kind of page is one more line here.
 */
const PAGE_KINDS = [
  { kind: 'home', path: () => '' },
  { kind: 'home, filtered', path: (dir, all) => `?severity=${all[0].severity}` },
  { kind: 'incident', path: (dir, all) => fullestIncident(dir, all).path },
  { kind: 'severity listing', path: (dir, all) => `severity/${all[0].severity}/` },
  { kind: 'type listing', path: (dir, all) => `type/${all[0].type}/` },
  { kind: 'year listing', path: (dir, all) => `year/${yearOf(all[0])}/` },
  { kind: 'service listing', path: (dir) => firstListing(dir, 'index.html', 'service') },
  { kind: 'tag listing', path: (dir) => firstListing(dir, 'tag/index.html', 'tag') },
  { kind: 'service index', path: () => 'service/' },
  { kind: 'tag index', path: () => 'tag/' },
  { kind: 'home, searched', path: () => '?q=redis' },
  { kind: 'stats', path: () => 'stats/' },
  { kind: 'stats of a year', path: (dir, all) => `stats/${yearOf(all[0])}/` },
  {
    kind: 'stats of a quarter',
    path: (dir, all) => `stats/${yearOf(all[0])}-q${Math.floor((Number(all[0].start.slice(5, 7)) - 1) / 3) + 1}/`,
  },
  { kind: 'actions', path: () => 'actions/' },
  // A missing page at the top level: without a base URL the 404 page links relatively, which
  // holds there (README, the 404 row of the site's files); deeper, a host shows it unstyled.
  { kind: '404', path: () => 'no-such-page', status: 404 },
];

/** The page kinds of the site in `dir`, each with its path resolved. */
function pageKinds(dir, incidents) {
  return PAGE_KINDS.map((p) => ({ kind: p.kind, path: p.path(dir, incidents), status: p.status || 200 }));
}

module.exports = { pageKinds };
