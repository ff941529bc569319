using System.Text;
using System.Text.Encodings.Web;

namespace Hotline.Server.Studio;

/// <summary>
/// The HTML page that hosts one Studio screen. The npm package ships custom elements only (no router, no login), so
/// this page loads Studio's scripts and styles, places the element for the screen, hands it the absolute API base
/// (<c>remote-endpoint</c>) and the caller's token, and turns Studio's navigation callbacks into page loads.
/// </summary>
public static class StudioHostPage
{
    /// <summary>Path of the host pages and of the package files; also the page's <c>&lt;base href&gt;</c>.</summary>
    public const string BasePath = "/studio/";

    public static string Render(StudioScreen screen, string? id, string remoteEndpoint, string? accessToken)
    {
        var html = HtmlEncoder.Default;
        var (tag, title) = screen switch
        {
            StudioScreen.DefinitionList => ("elsa-workflow-definition-list", "Workflow definitions · 流程定义"),
            StudioScreen.DefinitionEditor => ("elsa-workflow-definition-editor", "Workflow designer · 流程设计"),
            StudioScreen.InstanceList => ("elsa-workflow-instance-list", "Workflow instances · 流程实例"),
            StudioScreen.InstanceViewer => ("elsa-workflow-instance-viewer", "Workflow instance · 流程实例"),
            _ => throw new ArgumentOutOfRangeException(nameof(screen), screen, null),
        };

        var page = new StringBuilder(4096);
        page.Append($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
            <title>{{html.Encode(title)}}</title>
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
              #studio-screen { flex: 1; min-height: 0; overflow: auto; }
              elsa-workflow-definition-editor, elsa-workflow-instance-viewer { display: block; height: 100%; }
              .hotline-studio-message { margin: 2rem; font-size: 1.1rem; }
              #blazor-error-ui { display: none; position: fixed; bottom: 0; left: 0; right: 0; padding: .75rem 1rem; background: #fee2e2; z-index: 1000; }
            </style>
            </head>
            <body>
            <nav class="hotline-studio-nav">
              <a href="workflows/definitions"{{Current(screen is StudioScreen.DefinitionList or StudioScreen.DefinitionEditor)}}>流程定义 Definitions</a>
              <a href="workflows/instances"{{Current(screen is StudioScreen.InstanceList or StudioScreen.InstanceViewer)}}>流程实例 Instances</a>
            </nav>
            <main id="studio-screen" data-tag="{{tag}}" data-id="{{html.Encode(id ?? "")}}" data-remote-endpoint="{{html.Encode(remoteEndpoint)}}" data-access-token="{{html.Encode(accessToken ?? "")}}"></main>
            <div id="blazor-error-ui">An unhandled error has occurred. <a href="" class="reload">Reload</a> <a class="dismiss">🗙</a></div>
            <script src="_content/BlazorMonaco/jsInterop.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
            <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
            <script src="_content/MudBlazor/MudBlazor.min.js"></script>
            <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
            <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
            <script src="_framework/blazor.webassembly.js"></script>
            <script>
            {{MountScript}}
            </script>
            </body>
            </html>
            """);
        return page.ToString();
    }

    private static string Current(bool current) => current ? " aria-current=\"page\"" : "";

    // Mounts the element only after checking that its definition or instance exists: Studio turns a 404 there into
    // a hard error. Callbacks are set after whenDefined (set earlier, Blazor's upgrade overwrites them), and Studio's
    // own pushState to another screen (Run → instance viewer) is turned into a page load, because no element changes.
    private const string MountScript = """
        (() => {
          const main = document.getElementById('studio-screen');
          const { tag, id, remoteEndpoint, accessToken } = main.dataset;
          const screenUrl = path => new URL(path, document.baseURI).href;
          const go = path => location.assign(screenUrl(path));
          const say = text => { const p = document.createElement('p'); p.className = 'hotline-studio-message'; p.textContent = text; main.replaceChildren(p); };

          const mount = () => {
            const el = document.createElement(tag);
            el.setAttribute('remote-endpoint', remoteEndpoint);
            if (accessToken) el.setAttribute('access-token', accessToken);
            if (tag === 'elsa-workflow-definition-editor') el.setAttribute('definition-id', id);
            if (tag === 'elsa-workflow-instance-viewer') el.setAttribute('instance-id', id);
            main.replaceChildren(el);
            customElements.whenDefined(tag).then(() => {
              if (tag !== 'elsa-workflow-definition-editor')
                el.editWorkflowDefinition = definitionId => go(`workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
              if (tag === 'elsa-workflow-instance-list')
                el.viewWorkflowInstance = instanceId => go(`workflows/instances/${encodeURIComponent(instanceId)}/view`);
            });
          };

          const pushState = history.pushState.bind(history);
          history.pushState = (state, unused, url) => {
            const before = location.pathname;
            pushState(state, unused, url);
            if (location.pathname !== before && /\/workflows\/(definitions|instances)(\/[^/]+\/(edit|view))?$/.test(location.pathname))
              location.reload();
          };

          const check = tag === 'elsa-workflow-definition-editor' ? `/workflow-definitions/by-definition-id/${encodeURIComponent(id)}?versionOptions=Latest`
                      : tag === 'elsa-workflow-instance-viewer' ? `/workflow-instances/${encodeURIComponent(id)}`
                      : null;
          if (!check) { mount(); return; }
          const headers = accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
          fetch(remoteEndpoint + check, { credentials: 'same-origin', headers }).then(r => {
            if (r.ok) mount();
            else if (r.status === 404) say(tag === 'elsa-workflow-definition-editor' ? `Workflow definition "${id}" does not exist. 流程定义不存在。` : `Workflow instance "${id}" does not exist. 流程实例不存在。`);
            else if (r.status === 401 || r.status === 403) say('You are not allowed to see this. 无权查看。');
            else say(`The server answered ${r.status}. 服务器错误。`);
          }, () => say('The server cannot be reached. 无法连接服务器。'));
        })();
        """;
}
