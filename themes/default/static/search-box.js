// The part of search every page loads: it waits for the reader to reach for search (focus in a
// search field, or the `/` key) and only then loads the client, search.js, which enhances the
// box and page and fetches the index. The results page (data-search-page) loads it at once,
// since it has a query to run. No inline script, no eval: it works under `default-src 'self'`.
// The client's address is the `data-search-client` attribute of this script's tag (the
// template writes the fingerprinted address there), else `search.js` beside this file.
// docs/search-index.md, "The default theme", describes the hooks.

let loading = null;

/** Loads search.js once; it enhances every search box and page itself. */
function load() {
  if (!loading) {
    const tag = document.querySelector('script[data-search-client]');
    const url = (tag && tag.dataset.searchClient) || new URL('search.js', import.meta.url).href;
    loading = import(url).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

function isTyping(target) {
  return target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
}

function start() {
  if (document.querySelector('[data-search-page]')) {
    load().catch(() => {});
    return;
  }
  document.addEventListener('focusin', (event) => {
    if (event.target.closest && event.target.closest('[data-search-input]')) load().catch(() => {});
  });
  // The same shortcut as search.js: it marks the event handled, so the two never both act.
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const input = document.querySelector('[data-search-input]');
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
