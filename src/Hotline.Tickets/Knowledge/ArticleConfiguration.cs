using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Knowledge;

/// <summary>
/// EF mapping of <see cref="Article"/> and its revisions. Categories and keywords are one term a line in a text column, so
/// the full-text index (SQLite FTS5 trigram, PostgreSQL pg_trgm; migration <c>KnowledgeBase</c>) reads them as text.
/// </summary>
public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("Articles");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.TenantId).HasMaxLength(64);
        builder.Property(a => a.Title).HasMaxLength(ArticleContent.MaxTitle);
        builder.Property(a => a.Body).HasMaxLength(ArticleContent.MaxBody);
        builder.Ignore(a => a.Categories);
        builder.Ignore(a => a.Keywords);
        builder.Property(a => a.CategoryLines).HasColumnName("Categories").HasMaxLength(1000);
        builder.Property(a => a.KeywordLines).HasColumnName("Keywords").HasMaxLength(1000);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasMany(a => a.Revisions).WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Revisions).HasField("_revisions");
        builder.HasIndex(a => new { a.TenantId, a.State, a.ReviewBy });
        builder.HasIndex(a => new { a.TenantId, a.OwningUnitId });
    }
}

/// <summary>EF mapping of <see cref="ArticleRevision"/>: keyed by article and number.</summary>
public sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.ToTable("ArticleRevisions");
        builder.HasKey(r => new { r.ArticleId, r.Version });
        builder.Property(r => r.Change).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ChangedBy).HasMaxLength(64);
        builder.Property(r => r.ChangedByName).HasMaxLength(128);
        builder.Property(r => r.Role).HasMaxLength(40);
        builder.Property(r => r.Note).HasMaxLength(1000);
        builder.Property(r => r.Fields).HasMaxLength(200);
        builder.Property(r => r.Title).HasMaxLength(ArticleContent.MaxTitle);
        builder.Property(r => r.Body).HasMaxLength(ArticleContent.MaxBody);
        builder.Property(r => r.Categories).HasMaxLength(1000);
        builder.Property(r => r.Keywords).HasMaxLength(1000);
    }
}
