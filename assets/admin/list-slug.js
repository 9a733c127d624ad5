// Optional enhancement of the list creation form (/admin/lists): while the name is typed, the
// short name (slug) field shows the slug the server would derive from it (core/audience.ts,
// slugOf), until the volunteer edits that field themselves. Without this script the server
// derives the same slug when the field is left empty.
/* global document */
(function () {
  'use strict';
  var name = document.getElementById('name');
  var slug = document.getElementById('slug');
  if (!name || !slug || slug.getAttribute('data-derive') !== 'yes') return;
  var touched = slug.value !== '';

  // core/audience.ts slugOf: accents dropped, lower case, other characters become one dash.
  function slugOf(s) {
    var words = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    return words.replace(/ /g, '-').slice(0, 63).replace(/-+$/, '');
  }

  name.addEventListener('input', function () {
    if (!touched) slug.value = slugOf(name.value);
  });
  slug.addEventListener('input', function () {
    touched = slug.value !== '';
  });
})();
