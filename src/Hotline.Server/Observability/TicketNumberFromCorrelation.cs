using Serilog.Core;
using Serilog.Events;

namespace Hotline.Server.Observability;

/// <summary>
/// The engine knows only a workflow instance's correlation id; for the ticket lifecycle that id is the ticket number
/// (工单编号). Lines logged by the engine on its own (a timer resuming an instance) so carry <c>TicketNumber</c> too,
/// and one search by ticket number finds both what people did and what deadlines did.
/// </summary>
internal sealed class TicketNumberFromCorrelation : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue("CorrelationId", out var correlation)
            && correlation is ScalarValue { Value: string number }
            && !string.IsNullOrEmpty(number))
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty(RequestLogContext.TicketNumber, new ScalarValue(number)));
        }
    }
}
