namespace Hotline.Server.Studio;

/// <summary>
/// What <c>/studio</c> shows a caller who is not signed in (登录): a small form that signs in through the access
/// module's <c>POST /api/auth/login</c> (which sets the session cookie) and reloads. The Studio elements are only
/// mounted for a signed-in user, because their API calls would otherwise fail one by one.
/// </summary>
internal static class StudioSignInPage
{
    public const string LoginPath = "/api/auth/login";

    public const string Html = $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"/><title>Sign in · 登录 · 流程设计</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; }
          label { display: block; margin-top: .75rem; } input { width: 100%; padding: .4rem; box-sizing: border-box; }
          button { margin-top: 1rem; padding: .5rem 1.5rem; } #error { color: #b91c1c; min-height: 1.5rem; }
        </style></head>
        <body>
        <h1>Sign in · 登录</h1>
        <p>Workflow design and instance history need a signed-in user. 流程设计与实例查看需要登录。</p>
        <form id="sign-in">
          <label>Tenant 中心 <input name="tenant" autocomplete="organization" required></label>
          <label>User name 用户名 <input name="userName" autocomplete="username" required></label>
          <label>Password 密码 <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit">Sign in 登录</button>
          <p id="error" role="alert"></p>
        </form>
        <script>
          document.getElementById('sign-in').addEventListener('submit', async e => {
            e.preventDefault();
            const body = Object.fromEntries(new FormData(e.target));
            const r = await fetch('{{LoginPath}}', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            if (r.ok) { location.reload(); return; }
            const problem = await r.json().catch(() => ({}));
            document.getElementById('error').textContent = problem.detail || problem.title || `Sign-in failed (${r.status}).`;
          });
        </script>
        </body></html>
        """;
}
