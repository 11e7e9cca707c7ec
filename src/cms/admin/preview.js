// The CMS preview for Continuum: the article in the theme's own stylesheet, and above it
// Continuum's findings for the entry as it is being edited (broken links with "did you
// mean", readability grade, missing alt text, review fields), from the dev server's
// checks endpoint (POST /__continuum/check). Loaded only by /admin/, never by the site.
(function () {
  'use strict';
  var CMS = window.CMS;
  if (!CMS || !window.h || !window.createClass) return;
  var h = window.h;

  CMS.registerPreviewStyle([
    '.continuum-findings { font: 15px/1.45 system-ui, sans-serif; border: 2px solid #8a6d00; background: #fffbe6; color: #222; padding: .75rem 1rem; margin: 0 0 1.5rem; border-radius: 6px; }',
    '.continuum-findings.clean { border-color: #2e7d32; background: #eef7ee; }',
    '.continuum-findings h2 { font-size: 1rem; margin: 0 0 .5rem; }',
    '.continuum-findings ul { margin: 0; padding-left: 1.2rem; }',
    '.continuum-findings li { margin: .25rem 0; }',
    '.continuum-findings .error { color: #9b1c1c; font-weight: 600; }',
    '.continuum-findings .help { display: block; color: #444; font-weight: normal; }',
  ].join('\n'), { raw: true });
  // The theme's stylesheet has a content-hashed name: take it from the home page.
  fetch('/', { credentials: 'same-origin' })
    .then(function (r) { return r.text(); })
    .then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      doc.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
        var href = link.getAttribute('href');
        if (href && href.charAt(0) === '/') CMS.registerPreviewStyle(href);
      });
    })
    .catch(function () {});

  function slugify(text) {
    return String(text || 'untitled').toLowerCase().normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'untitled';
  }

  // The entry's file as the backend names it: its own path, or (not saved yet) the
  // collection's folder and the slug the CMS will give it.
  function entryPath(props) {
    var path = props.entry.get('path');
    if (path) return path;
    var folder = props.collection.get('folder');
    var data = props.entry.get('data');
    var title = data && data.get('title');
    return folder + '/' + slugify(title) + '.md';
  }

  var Preview = createClass({
    getInitialState: function () { return { report: null, error: null }; },
    componentDidMount: function () { this.schedule(); },
    componentDidUpdate: function (previous) {
      if (previous.entry !== this.props.entry) this.schedule();
    },
    componentWillUnmount: function () { clearTimeout(this.timer); this.gone = true; },
    schedule: function () {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () { self.check(); }, 400);
    },
    // One check at a time: an edit made while one runs is checked when it returns.
    check: function () {
      var self = this;
      if (this.running) { this.dirty = true; return; }
      this.running = true;
      this.dirty = false;
      var data = this.props.entry.get('data');
      var body = JSON.stringify({ path: entryPath(this.props), data: data ? data.toJS() : {} });
      function done() {
        self.running = false;
        if (self.dirty && !self.gone) self.check();
      }
      fetch('/__continuum/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body,
      })
        .then(function (r) {
          // A deployed site has no checks endpoint: the preview is then just the article.
          if (r.status === 404 || r.status === 405) return { unavailable: true };
          return r.json();
        })
        .then(function (report) {
          if (self.gone) return;
          if (report.unavailable) self.setState({ report: null, error: null, unavailable: true });
          else if (report.error) self.setState({ report: null, error: report.error });
          else self.setState({ report: report, error: null });
        })
        .catch(function (e) { if (!self.gone) self.setState({ error: String(e) }); })
        .then(done);
    },
    findings: function () {
      var state = this.state;
      if (state.unavailable) return null;
      if (state.error) {
        return h('section', { className: 'continuum-findings', 'data-continuum-findings': 'error' },
          h('h2', null, 'Continuum could not check this entry'), h('p', null, state.error));
      }
      var report = state.report;
      if (!report) {
        return h('section', { className: 'continuum-findings', 'data-continuum-findings': 'pending' },
          h('h2', null, 'Checking…'));
      }
      var items = report.findings.map(function (f, i) {
        var where = f.line ? ' (line ' + f.line + ')' : '';
        return h('li', { key: i, className: f.severity },
          f.severity + ': ' + f.message + where,
          f.help ? h('span', { className: 'help' }, 'help: ' + f.help) : null);
      });
      var a = report.article;
      var figures = null;
      if (a) {
        var parts = [a.words + ' words'];
        if (a.grade != null) parts.push('reading grade ' + a.grade.toFixed(1) + ' (target ' + a.max_grade + ')');
        if (a.inflesz != null) parts.push('INFLESZ ' + a.inflesz.toFixed(0) + (a.inflesz_band ? ' (' + a.inflesz_band + ')' : ''));
        figures = h('p', { className: 'figures', 'data-continuum-figures': '' }, parts.join(' · '));
      }
      var clean = items.length === 0;
      return h('section', { className: 'continuum-findings' + (clean ? ' clean' : ''), 'data-continuum-findings': clean ? 'clean' : 'found' },
        h('h2', null, clean ? 'Continuum found no problems' : 'Continuum found ' + items.length + ' problem' + (items.length === 1 ? '' : 's')),
        clean ? null : h('ul', null, items),
        figures);
    },
    render: function () {
      var entry = this.props.entry;
      return h('main', { className: 'article' },
        this.findings(),
        h('article', null,
          h('h1', null, entry.getIn(['data', 'title'])),
          entry.getIn(['data', 'description']) ? h('p', { className: 'lede' }, entry.getIn(['data', 'description'])) : null,
          this.props.widgetFor('body')));
    },
  });

  // Every collection (one per section) uses the same preview.
  fetch('/admin/collections.json')
    .then(function (r) { return r.json(); })
    .then(function (names) {
      names.forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
    });
})();
