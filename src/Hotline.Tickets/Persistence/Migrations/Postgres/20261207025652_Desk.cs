using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Tickets.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Desk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PhoneDigits",
                table: "TicketCallers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketCallers_PhoneDigits",
                table: "TicketCallers",
                column: "PhoneDigits");

            migrationBuilder.Sql(PhoneDigitsBackfill.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketCallers_PhoneDigits",
                table: "TicketCallers");

            migrationBuilder.DropColumn(
                name: "PhoneDigits",
                table: "TicketCallers");
        }
    }
}
