// Optional enhancement of a campaign's report (/admin/campaigns/{id}): while the campaign is
// sending, polls GET …/progress.json every 5 seconds and updates the progress bar and figures in
// the page's aria-live region, instead of reloading the page (the <noscript> meta refresh does
// that when scripts are off).
/* global document, fetch, setTimeout */
(function () {
  'use strict';
  var section = document.getElementById('progress');
  if (!section || section.getAttribute('data-status') !== 'sending') return;
  var url = section.getAttribute('data-url');
  var bar = document.getElementById('progress-bar');
  var text = document.getElementById('progress-text');
  var status = document.getElementById('campaign-status');

  function update(p) {
    if (bar) {
      bar.max = Math.max(p.total, 1);
      bar.value = p.done;
      bar.textContent = p.text;
    }
    if (text) text.textContent = p.text;
    if (status) status.textContent = p.statusName;
    Object.keys(p.formatted).forEach(function (k) {
      var el = section.querySelector('[data-figure="' + k + '"]');
      if (el) el.textContent = p.formatted[k];
    });
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        update(p);
        if (p.status === 'sending') setTimeout(poll, 5000);
      })
      .catch(function () { setTimeout(poll, 15000); });
  }
  setTimeout(poll, 5000);
})();
