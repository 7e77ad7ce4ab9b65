using BackpropServer.Engine.Data;

namespace BackpropServer.Engine.Tests.Data;

public sealed class DatasetTests
{
    public static TheoryData<DatasetKind> Kinds() => new(Enum.GetValues<DatasetKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Points_lie_in_the_square_and_split_by_the_ratio(DatasetKind kind)
    {
        var data = Dataset.Generate(kind, 200, 0.7, 0.5, seed: 3);

        Assert.Equal(140, data.Train.Count);
        Assert.Equal(60, data.Test.Count);
        foreach (var batch in new[] { data.Train, data.Test })
        {
            for (int e = 0; e < batch.Count; e++)
            {
                Assert.InRange(batch.X1(e), -6.0, 6.0);
                Assert.InRange(batch.X2(e), -6.0, 6.0);
            }
        }
    }

    [Theory]
    [InlineData(DatasetKind.Circle)]
    [InlineData(DatasetKind.Xor)]
    [InlineData(DatasetKind.Gaussians)]
    [InlineData(DatasetKind.Spiral)]
    public void Classification_sets_have_both_labels_in_about_equal_numbers(DatasetKind kind)
    {
        var data = Dataset.Generate(kind, 200, 0.5, 0.0, seed: 5);
        var labels = data.Train.Targets.Take(data.Train.Count).Concat(data.Test.Targets.Take(data.Test.Count)).ToArray();

        Assert.All(labels, y => Assert.True(y is 0.0 or 1.0));
        Assert.InRange(labels.Count(y => y == 1.0), 70, 130);
    }

    [Fact]
    public void Clean_circle_separates_by_radius_and_noise_blurs_it()
    {
        var clean = Dataset.Generate(DatasetKind.Circle, 200, 0.5, 0.0, seed: 1).Train;
        for (int e = 0; e < clean.Count; e++)
        {
            double r = Math.Sqrt((clean.X1(e) * clean.X1(e)) + (clean.X2(e) * clean.X2(e)));
            Assert.True(clean.Y(e) == 1.0 ? r <= 2.5 : r >= 3.5, $"point {e} at radius {r} has label {clean.Y(e)}");
        }
        var noisy = Dataset.Generate(DatasetKind.Circle, 200, 0.5, 0.5, seed: 1).Train;
        int misplaced = Enumerable.Range(0, noisy.Count).Count(e =>
        {
            double r = Math.Sqrt((noisy.X1(e) * noisy.X1(e)) + (noisy.X2(e) * noisy.X2(e)));
            return noisy.Y(e) == 1.0 ? r > 3 : r < 3;
        });
        Assert.True(misplaced > 5, $"only {misplaced} noisy points crossed the gap");
    }

    [Fact]
    public void Xor_labels_points_by_quadrant()
    {
        var data = Dataset.Generate(DatasetKind.Xor, 200, 0.5, 0.0, seed: 2).Train;
        for (int e = 0; e < data.Count; e++)
        {
            Assert.Equal(data.X1(e) * data.X2(e) > 0 ? 1.0 : 0.0, data.Y(e));
        }
    }

    [Fact]
    public void Plane_targets_follow_the_plane()
    {
        var data = Dataset.Generate(DatasetKind.Plane, 100, 0.5, 0.0, seed: 2).Train;
        for (int e = 0; e < data.Count; e++)
        {
            Assert.Equal((data.X1(e) + data.X2(e)) / 12.0, data.Y(e), 1e-15);
        }
    }
}
