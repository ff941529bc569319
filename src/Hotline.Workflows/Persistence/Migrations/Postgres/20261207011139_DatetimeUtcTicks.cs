using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Workflows.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DatetimeUtcTicks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in InstantColumns.All)
            {
                // extract(epoch) is numeric (exact to the microsecond), so the ticks are exact.
                migrationBuilder.Sql(
                    $"ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE bigint USING (extract(epoch FROM \"{column}\") * 10000000)::bigint + {InstantColumns.UnixEpochTicks};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in InstantColumns.All)
            {
                migrationBuilder.Sql(
                    $"ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE timestamp with time zone USING timestamptz 'epoch' + ((\"{column}\" - {InstantColumns.UnixEpochTicks}) / 10) * interval '1 microsecond';");
            }
        }
    }
}
