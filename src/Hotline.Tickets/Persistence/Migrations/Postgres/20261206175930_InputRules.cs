using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Tickets.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InputRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestHash",
                table: "TicketEvents",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "TicketEvents");
        }
    }
}
