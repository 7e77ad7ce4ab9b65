using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Data;

public enum DatasetKind
{
    Circle,
    Xor,
    Gaussians,
    Spiral,
    Plane,
}

public static class DatasetKindExtensions
{
    public static bool IsRegression(this DatasetKind kind) => kind == DatasetKind.Plane;

    public static bool HasSameHead(this DatasetKind kind, DatasetKind other) => kind.IsRegression() == other.IsRegression();
}

/// <summary>
/// Seeded toy datasets in the square [−6, 6]², split into a training and a test set.
/// Classification labels are 1 (the "inside" class) and 0; the plane's target is a number in [−1, 1].
/// Noise jitters each point by up to <c>noise</c> × the data's radius (and the plane's target by up to <c>noise</c>),
/// so at high noise the classes overlap, as real data does.
/// </summary>
public sealed class Dataset
{
    public const double Extent = 6.0;
    private const double Radius = 5.0;

    private Dataset(Batch train, Batch test)
    {
        Train = train;
        Test = test;
    }

    public Batch Train { get; }

    public Batch Test { get; }

    public static Dataset Generate(DatasetKind kind, int points, double trainRatio, double noise, int seed)
    {
        var random = new SeededRandom(seed, stream: 1);
        var all = new (double X1, double X2, double Y)[points];
        for (int k = 0; k < points; k++)
        {
            all[k] = kind switch
            {
                DatasetKind.Circle => Circle(random, k, points, noise),
                DatasetKind.Xor => Xor(random, noise),
                DatasetKind.Gaussians => Gaussians(random, k, noise),
                DatasetKind.Spiral => Spiral(random, k, points, noise),
                DatasetKind.Plane => Plane(random, noise),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset."),
            };
        }
        var order = Enumerable.Range(0, points).ToArray();
        random.Shuffle(order);
        int trainCount = Math.Clamp((int)Math.Round(points * trainRatio, MidpointRounding.AwayFromZero), 1, points - 1);
        var train = new Batch(trainCount);
        var test = new Batch(points - trainCount);
        for (int k = 0; k < points; k++)
        {
            var (x1, x2, y) = all[order[k]];
            (k < trainCount ? train : test).Add(Clamp(x1), Clamp(x2), y);
        }
        return new Dataset(train, test);
    }

    // Half the points inside radius 2.5 (label 1), half in the ring from 3.5 to 5 (label 0).
    private static (double, double, double) Circle(SeededRandom random, int k, int points, double noise)
    {
        bool inside = k < points / 2;
        double r = inside ? random.NextDouble(0.0, 0.5 * Radius) : random.NextDouble(0.7 * Radius, Radius);
        double angle = random.NextDouble(0.0, 2.0 * Math.PI);
        double x1 = r * DeterministicMath.Sin(angle) + Jitter(random, noise);
        double x2 = r * DeterministicMath.Cos(angle) + Jitter(random, noise);
        return (x1, x2, inside ? 1.0 : 0.0);
    }

    // Quadrants: label 1 where x₁ and x₂ have the same sign. Points keep a small gap from the axes.
    private static (double, double, double) Xor(SeededRandom random, double noise)
    {
        const double Gap = 0.3;
        double x1 = random.NextDouble(-Radius, Radius);
        double x2 = random.NextDouble(-Radius, Radius);
        x1 += x1 > 0 ? Gap : -Gap;
        x2 += x2 > 0 ? Gap : -Gap;
        double y = x1 * x2 >= 0 ? 1.0 : 0.0;
        return (x1 + Jitter(random, noise), x2 + Jitter(random, noise), y);
    }

    // Two round clouds centred at (2, 2) (label 1) and (−2, −2) (label 0); noise widens them.
    private static (double, double, double) Gaussians(SeededRandom random, int k, double noise)
    {
        bool positive = k % 2 == 0;
        double centre = positive ? 2.0 : -2.0;
        double spread = 0.5 + (4.0 * noise);
        return (centre + (spread * random.NextGaussian()), centre + (spread * random.NextGaussian()), positive ? 1.0 : 0.0);
    }

    // Two interleaved arms, each turning 1.75 times around the centre while moving out to radius 5.
    private static (double, double, double) Spiral(SeededRandom random, int k, int points, double noise)
    {
        int half = (points + 1) / 2;
        bool first = k < half;
        int i = first ? k : k - half;
        int n = first ? half : points - half;
        double t = (double)i / Math.Max(n, 1);
        double r = t * Radius;
        double angle = (1.75 * t * 2.0 * Math.PI) + (first ? 0.0 : Math.PI);
        double x1 = r * DeterministicMath.Sin(angle) + Jitter(random, noise);
        double x2 = r * DeterministicMath.Cos(angle) + Jitter(random, noise);
        return (x1, x2, first ? 1.0 : 0.0);
    }

    // A tilted plane: target = (x₁ + x₂) / 12, in [−1, 1], plus up to ±noise of jitter.
    private static (double, double, double) Plane(SeededRandom random, double noise)
    {
        double x1 = random.NextDouble(-Extent, Extent);
        double x2 = random.NextDouble(-Extent, Extent);
        double y = ((x1 + x2) / (2.0 * Extent)) + (noise * random.NextDouble(-1.0, 1.0));
        return (x1, x2, y);
    }

    private static double Jitter(SeededRandom random, double noise) => noise * Radius * random.NextDouble(-1.0, 1.0);

    private static double Clamp(double v) => Math.Clamp(v, -Extent, Extent);
}
