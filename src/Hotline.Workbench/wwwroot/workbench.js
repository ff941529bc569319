// Small browser helpers the workbench calls through JS interop.
window.hotlineWorkbench = {
  signOut: async () => {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
    location.href = '/sign-in';
  }
};

// The reconnect banner's reload buttons (Layout/ReconnectBanner.razor); no inline handlers.
document.addEventListener('click', e => {
  if (e.target instanceof Element && e.target.closest('#components-reconnect-modal [data-reload]')) location.reload();
});
