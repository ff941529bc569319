using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DatetimeUtcTicks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in InstantColumns.All)
            {
                // Clock ticks minus the offset (minutes, sign-extended from the low 11 bits) give UTC ticks.
                migrationBuilder.Sql(
                    $"UPDATE \"{table}\" SET \"{column}\" = ((\"{column}\" >> 11) * 1000) - (((\"{column}\" << 53) >> 53) * 600000000) WHERE \"{column}\" IS NOT NULL;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in InstantColumns.All)
            {
                // Back to the binary form at offset zero (it holds milliseconds only).
                migrationBuilder.Sql(
                    $"UPDATE \"{table}\" SET \"{column}\" = (\"{column}\" / 1000) << 11 WHERE \"{column}\" IS NOT NULL;");
            }
        }
    }
}
