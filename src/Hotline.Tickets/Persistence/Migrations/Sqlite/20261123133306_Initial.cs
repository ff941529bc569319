using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Tickets.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_notices",
                table: "notices");

            migrationBuilder.RenameTable(
                name: "notices",
                newName: "Notices");

            migrationBuilder.RenameIndex(
                name: "IX_notices_TenantId_TicketNumber",
                table: "Notices",
                newName: "IX_Notices_TenantId_TicketNumber");

            migrationBuilder.RenameIndex(
                name: "IX_notices_SentAt_AbandonedAt_NextAttemptAt",
                table: "Notices",
                newName: "IX_Notices_SentAt_AbandonedAt_NextAttemptAt");

            migrationBuilder.RenameIndex(
                name: "IX_notices_DeduplicationKey",
                table: "Notices",
                newName: "IX_Notices_DeduplicationKey");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Notices",
                table: "Notices",
                column: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_Notices",
                table: "Notices");

            migrationBuilder.RenameTable(
                name: "Notices",
                newName: "notices");

            migrationBuilder.RenameIndex(
                name: "IX_Notices_TenantId_TicketNumber",
                table: "notices",
                newName: "IX_notices_TenantId_TicketNumber");

            migrationBuilder.RenameIndex(
                name: "IX_Notices_SentAt_AbandonedAt_NextAttemptAt",
                table: "notices",
                newName: "IX_notices_SentAt_AbandonedAt_NextAttemptAt");

            migrationBuilder.RenameIndex(
                name: "IX_Notices_DeduplicationKey",
                table: "notices",
                newName: "IX_notices_DeduplicationKey");

            migrationBuilder.AddPrimaryKey(
                name: "PK_notices",
                table: "notices",
                column: "Id");
        }
    }
}
