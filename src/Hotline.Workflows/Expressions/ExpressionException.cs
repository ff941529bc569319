
namespace Hotline.Workflows.Expressions;

/// <summary>An expression failed: names the language and carries a message fit for an incident.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }
}
