// incidex serve: reloads the page after each good build, and shows the problems of a
// failed build over the last good page. Served by the preview only, never in a built site.
(function () {
  'use strict';
  var script = document.currentScript;
  var loaded = script ? script.getAttribute('data-generation') : null;
  var overlay = null;

  function style(el, props) {
    // CSSOM properties, not a style attribute: the page's Content-Security-Policy allows them.
    for (var key in props) { el.style[key] = props[key]; }
    return el;
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(problems) {
    hide();
    overlay = style(document.createElement('div'), {
      position: 'fixed', inset: '0', zIndex: '2147483647', overflow: 'auto',
      background: 'rgba(20, 20, 24, 0.94)', color: '#f5f5f5', padding: '1.5rem',
      font: '14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
    });
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-label', 'incidex: the reports need fixing');
    var title = style(document.createElement('p'), { fontWeight: 'bold', fontSize: '16px', margin: '0 0 1rem' });
    title.textContent = 'incidex: the last save has ' + problems.length + ' problem' +
      (problems.length === 1 ? '' : 's') + (document.body.getAttribute('data-incidex') === 'no-build'
        ? '. No build has succeeded yet: the archive shows once they are fixed.'
        : '. The page below is the last good build.');
    overlay.appendChild(title);
    problems.forEach(function (p) {
      var item = style(document.createElement('p'), { margin: '0 0 0.75rem', whiteSpace: 'pre-wrap' });
      var where = p.file + (p.line ? ':' + p.line + ':' + p.column : '');
      var head = style(document.createElement('span'), {
        color: p.severity === 'error' ? '#ff8a8a' : '#ffd27a', fontWeight: 'bold'
      });
      head.textContent = p.severity + '[' + p.code + ']';
      item.appendChild(head);
      item.appendChild(document.createTextNode(' ' + where + '\n' + p.message));
      overlay.appendChild(item);
    });
    var close = style(document.createElement('button'), { marginTop: '0.5rem' });
    close.type = 'button';
    close.textContent = 'Hide until the next save';
    close.addEventListener('click', hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  if (!window.EventSource) { return; }
  var source = new EventSource('/__incidex/events');
  source.onmessage = function (event) {
    var state;
    try { state = JSON.parse(event.data); } catch (e) { return; }
    if (state.problems && state.problems.length) { show(state.problems); return; }
    hide();
    if (loaded !== null && String(state.generation) !== loaded) { location.reload(); }
  };
})();
