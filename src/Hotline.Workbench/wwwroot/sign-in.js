// Signs in through the access module's cookie endpoint, then returns to the page the visitor asked for.
(() => {
  const form = document.getElementById('sign-in');
  if (!form) return;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const error = document.getElementById('sign-in-error');
    error.textContent = '';
    const body = Object.fromEntries(new FormData(form));
    const response = await fetch('/api/auth/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
    if (response.ok) { location.href = form.dataset.returnUrl || '/'; return; }
    error.textContent = response.status === 401
      ? '热线中心、用户名或密码不正确，或账号已被暂时锁定。'
      : `登录失败（${response.status}），请稍后再试。`;
  });
})();
