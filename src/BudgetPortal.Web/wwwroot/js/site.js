// Public pages: on a phone the table of contents starts folded so the document itself comes first.
(function () {
  'use strict';
  if (window.matchMedia('(max-width: 900px)').matches) {
    document.querySelectorAll('details.toc-details[open]').forEach(function (d) { d.removeAttribute('open'); });
  }
})();
