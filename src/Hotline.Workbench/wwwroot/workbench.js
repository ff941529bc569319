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
// The intake form's keys: Enter in the content box saves (Shift+Enter is a new line); Alt+1… pick a category.
window.hotlineWorkbench.intakeKeys = (formId, categoryId, shortcuts) => {
  const form = document.getElementById(formId);
  const category = document.getElementById(categoryId);
  if (!form || form.dataset.keys) return;
  form.dataset.keys = 'on';
  // The caller's phone comes first: the desk starts typing as soon as the page opens. The keys bind once the tenant's
  // choices have loaded; a call taker already typing (and tabbing on) by then keeps the field they are in.
  if (!document.activeElement || document.activeElement === document.body) form.querySelector('input')?.focus();
  form.addEventListener('keydown', e => {
    if (e.key === 'Enter' && e.target.tagName === 'TEXTAREA' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
      return;
    }
    const n = e.altKey && /^Digit[1-9]$/.test(e.code) ? Number(e.code.slice(5)) : 0;
    if (n > 0 && n <= shortcuts.length && category) {
      const value = shortcuts[n - 1];
      if ([...category.options].some(o => o.value === value)) {
        e.preventDefault();
        category.value = value;
        category.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
  });
};
