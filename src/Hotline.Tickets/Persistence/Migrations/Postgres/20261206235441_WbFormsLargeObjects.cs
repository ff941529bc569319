using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Tickets.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WbFormsLargeObjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttachmentLargeObjects",
                columns: table => new
                {
                    StorageKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Oid = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttachmentLargeObjects", x => x.StorageKey);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttachmentLargeObjects");
        }
    }
}
