// Small browser helpers the workbench calls through JS interop.
window.hotlineWorkbench = {
  signOut: async () => {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
    location.href = '/sign-in';
  }
};
