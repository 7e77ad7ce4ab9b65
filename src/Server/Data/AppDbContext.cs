using BackpropServer.Server.Quiz;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BackpropServer.Server.Data;

/// <summary>
/// The app's database. Only EF Core's model lives here; which engine stores it (SQLite now, PostgreSQL later) is
/// chosen in <see cref="DatabaseServices"/>, so the features' code never names a provider.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<QuestionSetRecord> QuestionSets => Set<QuestionSetRecord>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<QuestionResponse> Responses => Set<QuestionResponse>();

    // Times are stored as UTC; SQLite keeps no kind, so reading one back says so again.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<QuestionSetRecord>(set =>
        {
            set.HasKey(s => s.Version);
            set.Property(s => s.Version).ValueGeneratedNever();
        });
        modelBuilder.Entity<Attempt>(attempt =>
        {
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.StudentId).HasMaxLength(64);
            attempt.Property(a => a.Token).HasMaxLength(64);
            attempt.HasIndex(a => a.Token).IsUnique();
            attempt.HasIndex(a => new { a.StudentId, a.Number }).IsUnique();
            attempt.HasOne<QuestionSetRecord>().WithMany().HasForeignKey(a => a.QuestionSetVersion).OnDelete(DeleteBehavior.Restrict);
            attempt.HasMany(a => a.Responses).WithOne().HasForeignKey(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<QuestionResponse>(response =>
        {
            response.HasKey(r => r.Id);
            response.Property(r => r.QuestionId).HasMaxLength(64);
            response.Property(r => r.Answer).HasMaxLength(256);
            response.HasIndex(r => new { r.AttemptId, r.QuestionId }).IsUnique();
        });
    }
}

public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
