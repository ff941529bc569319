using System.Text;
using System.Text.Encodings.Web;

namespace Hotline.Server.Studio;

/// <summary>
/// The one HTML page that hosts Studio (流程设计). The npm package ships custom elements only (no router, no login), so
/// this page loads Studio's scripts and styles once and then switches between the elements in place: the definition
/// list, the designer, the instance list and the viewer. Links, the menu, Studio's own navigation (▶ Run → viewer) and
/// the browser's back button change the address with <c>history.pushState</c> and swap the element; the WebAssembly
/// app is never loaded twice. Studio runs in Chinese (zh-CN, for MudBlazor's own texts) and Beijing time.
/// </summary>
public static class StudioHostPage
{
    /// <summary>Path of the host pages and of the package files; also the page's <c>&lt;base href&gt;</c>.</summary>
    public const string BasePath = "/studio/";

    /// <summary>The culture Studio starts in: Elsa Studio reads it from <c>localStorage["BlazorCulture"]</c> at start.</summary>
    public const string Culture = "zh-CN";

    /// <summary>Studio formats times in the WebAssembly runtime's local zone, which the <c>TZ</c> variable sets.</summary>
    public const string TimeZone = "Asia/Shanghai";

    public static string Render(StudioScreen screen, string? id, string remoteEndpoint)
    {
        var html = HtmlEncoder.Default;
        var tag = Tag(screen);

        var page = new StringBuilder(8192);
        page.Append($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
            <title>{{html.Encode(Title(screen))}}</title>
            <base href="{{BasePath}}"/>
            <link rel="icon" type="image/png" href="_content/Elsa.Studio.Shell/favicon-32x32.png"/>
            <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet"/>
            <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet"/>
            <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet"/>
            <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet"/>
            <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet"/>
            <style>
              html, body { height: 100%; margin: 0; }
              body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
              .hotline-studio-nav { display: flex; gap: 1.5rem; align-items: center; padding: .5rem 1rem; background: #1f2937; }
              .hotline-studio-nav a { color: #e5e7eb; text-decoration: none; }
              .hotline-studio-nav a[aria-current=page] { color: #fff; font-weight: 600; }
              .hotline-studio-nav .hotline-studio-back { margin-right: 1rem; }
              #studio-screen { flex: 1; min-height: 0; overflow: auto; }
              elsa-workflow-definition-editor, elsa-workflow-instance-viewer { display: block; height: 100%; }
              .hotline-studio-message { margin: 2rem; font-size: 1.1rem; }
              #blazor-error-ui { display: none; position: fixed; bottom: 0; left: 0; right: 0; padding: .75rem 1rem; background: #fee2e2; z-index: 1000; }
            </style>
            </head>
            <body>
            <nav class="hotline-studio-nav">
              <a href="/" class="hotline-studio-back" id="studio-back">← 返回工作台</a>
              <a href="workflows/definitions" data-section="definitions"{{Current(screen is StudioScreen.DefinitionList or StudioScreen.DefinitionEditor)}}>流程定义</a>
              <a href="workflows/instances" data-section="instances"{{Current(screen is StudioScreen.InstanceList or StudioScreen.InstanceViewer)}}>流程实例</a>
            </nav>
            <main id="studio-screen" data-tag="{{tag}}" data-id="{{html.Encode(id ?? "")}}" data-remote-endpoint="{{html.Encode(remoteEndpoint)}}"></main>
            <div id="blazor-error-ui">流程设计器出错了。<a href="" class="reload">重新加载</a> <a class="dismiss">🗙</a></div>
            <script>
            // Elsa Studio takes its culture from here when it starts (UseElsaLocalization); MudBlazor's texts follow it.
            localStorage.setItem('BlazorCulture', '{{Culture}}');
            </script>
            <script src="_content/BlazorMonaco/jsInterop.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
            <script src="_content/MudBlazor/MudBlazor.min.js"></script>
            <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
            <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
            <script src="_framework/blazor.webassembly.js" autostart="false"></script>
            <script>
            // Beijing time whatever the browser's zone: the runtime's local zone is its TZ variable.
            Blazor.start({ applicationCulture: '{{Culture}}', configureRuntime: runtime => runtime.withEnvironmentVariable('TZ', '{{TimeZone}}') });
            {{MountScript}}
            </script>
            </body>
            </html>
            """);
        return page.ToString();
    }

    private static string Tag(StudioScreen screen) => screen switch
    {
        StudioScreen.DefinitionList => "elsa-workflow-definition-list",
        StudioScreen.DefinitionEditor => "elsa-workflow-definition-editor",
        StudioScreen.InstanceList => "elsa-workflow-instance-list",
        StudioScreen.InstanceViewer => "elsa-workflow-instance-viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(screen), screen, null),
    };

    private static string Title(StudioScreen screen) => screen switch
    {
        StudioScreen.DefinitionList => "流程定义 · 流程设计",
        StudioScreen.DefinitionEditor => "流程设计器 · 流程设计",
        StudioScreen.InstanceList => "流程实例 · 流程设计",
        _ => "流程实例查看 · 流程设计",
    };

    private static string Current(bool current) => current ? " aria-current=\"page\"" : "";

    // The screens by address. Each swap removes the element (Blazor disposes its root component) and adds the next one
    // to the running app. A definition or instance is checked before its element is mounted: Studio turns a 404 there
    // into a hard error. Callbacks are set after whenDefined (set earlier, Blazor's upgrade overwrites them). Studio's
    // own pushState (Run → viewer) is followed, and so are clicks on links to screens, Studio's absolute ones
    // (/workflows/…) included, and the back and forward buttons.
    private const string MountScript = """
        (() => {
          const main = document.getElementById('studio-screen');
          const remoteEndpoint = main.dataset.remoteEndpoint;
          const basePath = new URL(document.baseURI).pathname;
          const screens = [
            { pattern: /^workflows\/definitions\/([^/]+)\/edit$/, tag: 'elsa-workflow-definition-editor', section: 'definitions', title: '流程设计器',
              idAttribute: 'definition-id', check: id => `/workflow-definitions/by-definition-id/${encodeURIComponent(id)}?versionOptions=Latest`, missing: '流程定义不存在' },
            { pattern: /^workflows\/instances\/([^/]+)\/view$/, tag: 'elsa-workflow-instance-viewer', section: 'instances', title: '流程实例查看',
              idAttribute: 'instance-id', check: id => `/workflow-instances/${encodeURIComponent(id)}`, missing: '流程实例不存在' },
            { pattern: /^workflows\/definitions$/, tag: 'elsa-workflow-definition-list', section: 'definitions', title: '流程定义' },
            { pattern: /^workflows\/instances$/, tag: 'elsa-workflow-instance-list', section: 'instances', title: '流程实例' },
          ];
          const route = href => {
            const url = new URL(href, document.baseURI);
            if (url.origin !== location.origin) return null;
            const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname.replace(/^\//, '');
            for (const screen of screens) {
              const match = path.match(screen.pattern);
              if (match) return { screen, id: match[1] ? decodeURIComponent(match[1]) : null, href: basePath + path };
            }
            return null;
          };
          const say = text => { const p = document.createElement('p'); p.className = 'hotline-studio-message'; p.textContent = text; main.replaceChildren(p); };
          const pushState = history.pushState.bind(history);
          let shown = null;
          let generation = 0;

          // The old element goes first, and the next comes once it is disposed: Blazor's custom elements dispose their
          // root component 1 s after removal, and two at once both claim MudBlazor's popover section.
          const clear = () => main.firstElementChild ? (main.replaceChildren(), new Promise(r => setTimeout(r, 1100))) : Promise.resolve();
          const mount = ({ screen, id }) => {
            const el = document.createElement(screen.tag);
            el.setAttribute('remote-endpoint', remoteEndpoint);
            if (screen.idAttribute) el.setAttribute(screen.idAttribute, id);
            main.replaceChildren(el);
            customElements.whenDefined(screen.tag).then(() => {
              if (screen.tag !== 'elsa-workflow-definition-editor')
                el.editWorkflowDefinition = definitionId => go(`workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
              if (screen.tag === 'elsa-workflow-instance-list')
                el.viewWorkflowInstance = instanceId => go(`workflows/instances/${encodeURIComponent(instanceId)}/view`);
            });
          };

          const show = async target => {
            const key = target.href;
            if (shown === key) return;
            shown = key;
            const mine = ++generation;
            document.title = `${target.screen.title} · 流程设计`;
            document.querySelectorAll('.hotline-studio-nav a[data-section]').forEach(a =>
              a.dataset.section === target.screen.section ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current'));
            await clear();
            if (mine !== generation) return;
            if (!target.screen.check) { mount(target); return; }
            try {
              const r = await fetch(remoteEndpoint + target.screen.check(target.id), { credentials: 'same-origin' });
              if (mine !== generation) return;
              if (r.ok) mount(target);
              else if (r.status === 404) say(`${target.screen.missing}：${target.id}`);
              else if (r.status === 401 || r.status === 403) say('无权查看。');
              else say(`服务器错误（${r.status}）。`);
            } catch {
              if (mine === generation) say('无法连接服务器。');
            }
          };

          const go = href => {
            const target = route(href);
            if (!target) { location.assign(new URL(href, document.baseURI).href); return; }
            if (location.pathname !== target.href) pushState(null, '', target.href);
            show(target);
          };

          // Studio's own navigation (NavigationManager inside the base address) is a pushState.
          history.pushState = (state, unused, url) => {
            pushState(state, unused, url);
            const target = route(location.href);
            if (target) show(target);
          };
          window.addEventListener('popstate', () => { const target = route(location.href); if (target) show(target); });
          document.addEventListener('click', e => {
            if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
            if (!link || (link.target && link.target !== '_self')) return;
            const target = route(link.href);
            if (!target) return;
            e.preventDefault();
            e.stopPropagation();
            go(link.href);
          }, true);

          const first = route(location.href);
          if (first) { history.replaceState(null, '', first.href); show(first); }
          else say('没有这个页面。');
        })();
        """;
}
