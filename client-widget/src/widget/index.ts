// The comment widget: one script tag under an article (DESIGN.md §8).
//   <div id="parley-comments" data-thread="optional-key"></div>
//   <script src="https://comments.example.com/widget.js" data-site="SITE" async></script>
// Renders in an open shadow root, mounts when scrolled near, and loads the
// live part (socket.io-client) only after the first render.
import { client } from './config.js';
import { mount } from './mount.js';

function start() {
  const host = document.querySelector<HTMLElement>('#parley-comments, [data-parley]');
  if (host && !host.shadowRoot) {
    if ('IntersectionObserver' in window) {
      const io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            io.disconnect();
            void mount(host);
          }
        },
        { rootMargin: '600px' },
      );
      io.observe(host);
    } else void mount(host);
  }
  // Counts for article lists: one request for every data-parley-count on the page.
  const counters = [...document.querySelectorAll<HTMLElement>('[data-parley-count]')];
  const keys = [...new Set(counters.map((el) => el.dataset.parleyCount!))].slice(0, 100);
  if (keys.length)
    client.counts(keys).then(
      (r) => counters.forEach((el) => (el.textContent = String(r.counts[el.dataset.parleyCount!] ?? 0))),
      () => {},
    );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
