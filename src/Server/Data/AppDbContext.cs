using BackpropServer.Server.Classes;
using BackpropServer.Server.Quiz;
using BackpropServer.Server.Teachers;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BackpropServer.Server.Data;

/// <summary>
/// The app's database. Only EF Core's model lives here; which engine stores it (SQLite now, PostgreSQL later) is
/// chosen in <see cref="DatabaseServices"/>, so the features' code never names a provider.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<TeacherAccount>(options)
{
    public DbSet<Classroom> Classrooms => Set<Classroom>();

    public DbSet<Enrollment> Enrollments => Set<Enrollment>();

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
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TeacherAccount>().Property(t => t.DisplayName).HasMaxLength(100);
        modelBuilder.Entity<Classroom>(classroom =>
        {
            classroom.HasKey(c => c.Id);
            classroom.Property(c => c.Name).HasMaxLength(100);
            classroom.Property(c => c.JoinCode).HasMaxLength(16);
            classroom.HasIndex(c => c.JoinCode).IsUnique();
            classroom.HasIndex(c => c.TeacherId);
            classroom.HasOne<TeacherAccount>().WithMany().HasForeignKey(c => c.TeacherId).OnDelete(DeleteBehavior.Cascade);
            classroom.HasMany(c => c.Enrollments).WithOne().HasForeignKey(e => e.ClassroomId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Enrollment>(enrollment =>
        {
            enrollment.HasKey(e => e.Id);
            enrollment.Property(e => e.DisplayName).HasMaxLength(40);
            enrollment.Property(e => e.NormalizedName).HasMaxLength(40);
            enrollment.Property(e => e.StudentId).HasMaxLength(64);
            enrollment.HasIndex(e => new { e.ClassroomId, e.NormalizedName }).IsUnique();
            enrollment.HasIndex(e => e.StudentId);
        });
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
            // Deleting a class, or one student, deletes their attempts with them.
            attempt.HasOne<Classroom>().WithMany().HasForeignKey(a => a.ClassroomId).OnDelete(DeleteBehavior.Cascade);
            attempt.HasOne<Enrollment>().WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
            attempt.HasIndex(a => a.ClassroomId);
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
