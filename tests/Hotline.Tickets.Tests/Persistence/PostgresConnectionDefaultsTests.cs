using Hotline.Tickets.Persistence;
using Npgsql;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>Automatic preparation and no reset on close are added to a PostgreSQL connection string only where the operator set nothing.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void A_connection_string_without_preparation_settings_gets_them_and_keeps_the_rest()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Database=hotline;Username=hotline;Password=a;"));
        Assert.Equal((PostgresConnectionDefaults.MaxAutoPrepare, PostgresConnectionDefaults.AutoPrepareMinUsages, true), (applied.MaxAutoPrepare, applied.AutoPrepareMinUsages, applied.NoResetOnClose));
        Assert.Equal(("db", "hotline", "hotline", "a"), (applied.Host, applied.Database, applied.Username, applied.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, PostgresConnectionDefaults.AutoPrepareMinUsages)]
    [InlineData("Host=db;maxautoprepare=0;", 0, PostgresConnectionDefaults.AutoPrepareMinUsages)]
    [InlineData("Host=db;Auto Prepare Min Usages=7", PostgresConnectionDefaults.MaxAutoPrepare, 7)]
    [InlineData("Host=db;MAX AUTO PREPARE=10;AutoPrepareMinUsages=3", 10, 3)]
    public void A_setting_the_operator_gave_is_kept_as_given(string connectionString, int maxAutoPrepare, int minUsages)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString));
        Assert.Equal((maxAutoPrepare, minUsages), (applied.MaxAutoPrepare, applied.AutoPrepareMinUsages));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;noresetonclose=False;", false)]
    [InlineData("Host=db", true)]
    public void The_reset_on_close_is_left_out_unless_the_operator_asked_for_it(string connectionString, bool noReset) =>
        Assert.Equal(noReset, new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(connectionString)).NoResetOnClose);

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=many", "max auto prepare")]
    [InlineData("Host=db;Max Auto Prepare=-1", "max auto prepare")]
    [InlineData("Host=db;Auto Prepare Min Usages=0", "auto prepare min usages")]
    [InlineData("Host=db;Maximum Pool Size=-5", "maximum pool size")]
    [InlineData("Host=db;Max Autoprepair=50", "max autoprepair")]
    [InlineData("Host=db;Minimum Pool Size=20;Maximum Pool Size=10", "Minimum Pool Size=20")]
    [InlineData("Host=db;Multiplexing=true", "Multiplexing=true")]
    public void A_setting_npgsql_would_refuse_is_refused_at_start_up_naming_it(string connectionString, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => PostgresConnectionDefaults.Apply(connectionString));
        Assert.Contains("ConnectionStrings:Hotline", refused.Message, StringComparison.Ordinal);
        Assert.Contains(named, refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
