namespace Hotline.Server.Studio;

/// <summary>
/// One of the four Studio screens the host page can show. Each maps to one custom element of the package and to the
/// URL Studio itself navigates to (the editor's Run button pushes <c>workflows/instances/{id}/view</c>).
/// </summary>
public enum StudioScreen
{
    /// <summary>流程定义列表: <c>elsa-workflow-definition-list</c>.</summary>
    DefinitionList,

    /// <summary>流程设计器: <c>elsa-workflow-definition-editor</c>, keyed by the definitionId.</summary>
    DefinitionEditor,

    /// <summary>流程实例列表: <c>elsa-workflow-instance-list</c>.</summary>
    InstanceList,

    /// <summary>流程实例查看: <c>elsa-workflow-instance-viewer</c>, keyed by the instance id.</summary>
    InstanceViewer,
}
