// Optional enhancements of the campaign editor (/admin/campaigns/new and …/edit); the page works
// fully without them. A small Markdown toolbar over the body, a merge-field picker (the listed
// fields become buttons that insert {{ field }} at the cursor), and a live preview: a debounced
// same-origin POST of the form (with its csrf field) to the editor's preview endpoint, whose JSON
// answer fills the sandboxed frames (srcdoc), the content hints and the template error.
/* global document, fetch, URLSearchParams, FormData, setTimeout, clearTimeout, Event */
(function () {
  'use strict';
  var form = document.getElementById('campaign-form');
  var area = document.getElementById('markdown');
  if (!form || !area || typeof area.setRangeText !== 'function') return;
  var fr = document.documentElement.lang === 'fr';
  var L = fr
    ? { toolbar: 'Mise en forme du texte', bold: 'Gras', italic: 'Italique', heading: 'Titre', link: 'Lien', list: 'Liste', quote: 'Citation', strong: 'texte en gras', em: 'texte en italique', title: 'Titre', linkText: 'texte du lien', item: 'élément', quoted: 'citation', insert: 'Insérer ', updating: 'Mise à jour de l’aperçu…' }
    : { toolbar: 'Text formatting', bold: 'Bold', italic: 'Italic', heading: 'Heading', link: 'Link', list: 'List', quote: 'Quote', strong: 'bold text', em: 'italic text', title: 'Heading', linkText: 'link text', item: 'item', quoted: 'quote', insert: 'Insert ', updating: 'Updating the preview…' };

  function changed() {
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /** Puts `before` and `after` around the selection (or a placeholder), and selects the inner text. */
  function wrap(before, after, placeholder) {
    var s = area.selectionStart;
    var e = area.selectionEnd;
    var inner = area.value.slice(s, e) || placeholder;
    area.setRangeText(before + inner + after, s, e, 'end');
    area.focus();
    area.setSelectionRange(s + before.length, s + before.length + inner.length);
    changed();
  }

  /** Starts every selected line (or the current one) with `prefix`. */
  function prefixLines(prefix, placeholder) {
    var v = area.value;
    var s = v.lastIndexOf('\n', area.selectionStart - 1) + 1;
    var e = area.selectionEnd;
    var block = v.slice(s, e);
    var text = block === '' ? prefix + placeholder : block.split('\n').map(function (l) { return prefix + l; }).join('\n');
    area.setRangeText(text, s, e, 'end');
    area.focus();
    changed();
  }

  var tools = [
    ['B', L.bold, function () { wrap('**', '**', L.strong); }],
    ['I', L.italic, function () { wrap('*', '*', L.em); }],
    ['H', L.heading, function () { prefixLines('## ', L.title); }],
    ['🔗', L.link, function () { wrap('[', '](https://)', L.linkText); }],
    ['•', L.list, function () { prefixLines('- ', L.item); }],
    ['❝', L.quote, function () { prefixLines('> ', L.quoted); }],
  ];
  var bar = document.createElement('div');
  bar.className = 'toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', L.toolbar);
  bar.setAttribute('aria-controls', 'markdown');
  tools.forEach(function (t) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = t[0];
    b.title = t[1];
    b.setAttribute('aria-label', t[1]);
    b.addEventListener('click', t[2]);
    bar.appendChild(b);
  });
  area.parentNode.insertBefore(bar, area);

  // Merge-field picker: each listed field becomes a button inserting it at the cursor.
  var codes = document.querySelectorAll('#merge-fields code[data-field]');
  Array.prototype.forEach.call(codes, function (code) {
    var tag = '{{ ' + code.getAttribute('data-field') + ' }}';
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = tag;
    b.setAttribute('aria-label', L.insert + tag);
    b.addEventListener('click', function () {
      var s = area.selectionStart;
      area.setRangeText(tag, s, area.selectionEnd, 'end');
      area.focus();
      changed();
    });
    code.parentNode.replaceChild(b, code);
  });

  // Live preview.
  var url = form.getAttribute('data-preview');
  var info = document.getElementById('preview-info');
  var hints = document.getElementById('hints');
  var live = document.getElementById('template-live');
  var frames = document.querySelectorAll('iframe.pv');
  var timer = null;
  var seq = 0;

  function para(text, cls) {
    var p = document.createElement('p');
    if (cls) p.className = cls;
    p.textContent = text;
    return p;
  }

  function render(data) {
    Array.prototype.forEach.call(frames, function (f) {
      var view = f.getAttribute('data-view');
      f.srcdoc = data.ok ? (view === 'text' ? data.text : data.html) : data.document;
    });
    if (info) {
      info.textContent = '';
      if (data.ok) {
        var s = para('');
        var strong = document.createElement('strong');
        strong.textContent = data.subject;
        s.appendChild(strong);
        info.appendChild(s);
        info.appendChild(para(data.sample, 'small'));
      } else {
        info.appendChild(para(data.error.message, 'error'));
      }
    }
    if (live) {
      live.textContent = '';
      if (!data.ok && data.error && (data.error.field === 'markdown' || data.error.field === 'subject')) live.appendChild(para(data.error.message, 'error'));
    }
    if (hints) {
      hints.textContent = '';
      if (!data.hints.length) {
        hints.appendChild(para(data.noHints));
      } else {
        var ul = document.createElement('ul');
        ul.className = 'hints';
        data.hints.forEach(function (h) {
          var li = document.createElement('li');
          li.className = h.severity === 'warning' ? 'warn' : 'notice';
          var b = document.createElement('strong');
          b.textContent = h.label + ' : ';
          li.appendChild(b);
          li.appendChild(document.createTextNode(h.message));
          ul.appendChild(li);
        });
        hints.appendChild(ul);
      }
    }
  }

  function refresh() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) render(data); })
      .catch(function () { /* the page still works: the Preview button re-renders it */ });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  }
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
