// The Parley() queue stub: commands called before widget.js has loaded are queued, then run in order.
window.Parley =
  window.Parley ||
  function () {
    (window.Parley.q = window.Parley.q || []).push(arguments);
  };

// Any element with data-parley="open|close|toggle" drives the chat (event delegation survives SPA re-renders).
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-parley]') : null;
  if (target) window.Parley(target.getAttribute('data-parley'));
});

window.Parley('on', 'unreadChange', (detail) => {
  document.title =
    detail.count > 0
      ? `(${detail.count}) ${document.title.replace(/^\(\d+\) /, '')}`
      : document.title.replace(/^\(\d+\) /, '');
});
