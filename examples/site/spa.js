// A tiny router: pushState navigation plus a Turbo-style body swap that also re-runs the widget's script tag.
const render = () => {
  const page = new URLSearchParams(location.search).get('page') ?? 'home';
  const content = document.getElementById('content');
  if (!content) return;
  content.replaceChildren();
  const h1 = document.createElement('h1');
  h1.textContent = page === 'home' ? 'Single-page navigation' : `Page ${page}`;
  const p = document.createElement('p');
  p.textContent = `Rendered by JavaScript at ${new Date().toLocaleTimeString()}. The chat is still here.`;
  content.append(h1, p);
  document.title = `Parley SPA demo: ${h1.textContent}`;
};

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
  if (link) {
    event.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    render();
    return;
  }
  if (event.target instanceof Element && event.target.id === 'swap-body') {
    const next = document.body.cloneNode(true);
    // Scripts cloned into a new body do not run again, so re-insert the loader the way Turbo would.
    for (const old of next.querySelectorAll('chat-widget, script')) old.remove();
    const loader = document.querySelector('script[src$="widget.js"]');
    const again = document.createElement('script');
    for (const { name, value } of loader.attributes) again.setAttribute(name, value);
    next.append(again);
    document.body.replaceWith(next);
    render();
  }
});

window.addEventListener('popstate', render);
