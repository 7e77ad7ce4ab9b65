using BackpropServer.Server.Quiz;

namespace BackpropServer.Server.Tests.Quiz;

public sealed class GradingTests
{
    private static readonly LiveFacts NoLive = new(null, null);

    private static Question Q(string id) => QuestionBank.Version1.Find(id)!;

    [Theory]
    [InlineData("b", true)]
    [InlineData("a", false)]
    [InlineData("d", false)]
    public void Single_choice_is_right_only_for_the_keyed_option(string answer, bool right) =>
        Assert.Equal(right, Grader.Grade(Q("blame-starts"), answer, NoLive).Correct);

    [Theory]
    [InlineData("a,b", true)]
    [InlineData("a", false)]
    [InlineData("a,b,c", false)]
    [InlineData("c,d", false)]
    public void Multiple_choice_needs_every_right_option_and_no_wrong_one(string answer, bool right) =>
        Assert.Equal(right, Grader.Grade(Q("hidden-gradient-needs"), answer, NoLive).Correct);

    // weight-gradient: δ·a = −0.35 × 0.62 = −0.217, within ±0.001.
    [Theory]
    [InlineData("-0.217", true)]
    [InlineData("-0.218", true)]
    [InlineData("-0.216", true)]
    [InlineData("-0.2181", false)]
    [InlineData("-0.2159", false)]
    [InlineData("0.217", false)]
    public void Numeric_answers_count_within_the_stated_tolerance_edges_included(string answer, bool right) =>
        Assert.Equal(right, Grader.Grade(Q("weight-gradient"), answer, NoLive).Correct);

    [Fact]
    public void Numeric_keys_match_their_worked_answers()
    {
        Assert.Equal(-0.35 * 0.62, Q("weight-gradient").NumericAnswer!.Value, 1e-12);
        Assert.Equal(-0.6 - (0.1 * -1.5), Q("sgd-update").NumericAnswer!.Value, 1e-12);
        Assert.Equal((1 - (0.6 * 0.6)) * ((1.2 * 0.3) + (-0.5 * 0.4)), Q("hidden-delta").NumericAnswer!.Value, 1e-12);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData(" -0,45 ", -0.45)]
    [InlineData("−0.45", -0.45)]
    [InlineData("1e-3", 0.001)]
    public void Numbers_are_read_the_ways_students_write_them(string text, double value)
    {
        Assert.True(Answers.TryParseNumber(text, out double parsed));
        Assert.Equal(value, parsed, 1e-15);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,000.5,3")]
    [InlineData("")]
    public void Things_that_are_not_numbers_are_not_read_as_numbers(string text) =>
        Assert.False(Answers.TryParseNumber(text, out _));

    [Fact]
    public void Largest_gradient_is_graded_against_the_students_last_step_and_ties_count()
    {
        Connection[] all = [new(0, "a", 1, 0.2), new(1, "b", 1, -0.5), new(2, "c", 1, 0.5), new(3, "d", 2, 0.1)];
        var facts = new LiveFacts(new LargestGradientFacts(4, 1, [all[1], all[2], all[0]], 0.5, all), null);

        Assert.True(Grader.Grade(Q("live-largest-gradient"), "1", facts).Correct);
        Assert.True(Grader.Grade(Q("live-largest-gradient"), "2", facts).Correct);
        var wrong = Grader.Grade(Q("live-largest-gradient"), "0", facts);
        Assert.False(wrong.Correct);
        Assert.NotNull(wrong.LiveSnapshot);
    }

    [Fact]
    public void Largest_gradient_before_any_step_has_no_right_answer()
    {
        Connection[] all = [new(0, "a", 1, 0), new(1, "b", 1, 0)];
        var facts = new LiveFacts(new LargestGradientFacts(0, 1, all, 0, all), null);
        Assert.False(Grader.Grade(Q("live-largest-gradient"), "0", facts).Correct);
    }

    [Theory]
    [InlineData(0.5, 0.4, "down", true)]
    [InlineData(0.5, 0.4, "up", false)]
    [InlineData(0.5, 0.6, "up", true)]
    [InlineData(0.5, 0.5, "up", false)]
    [InlineData(0.5, 0.5, "down", false)]
    public void Next_step_direction_is_graded_by_where_the_weight_really_went(double before, double after, string answer, bool right)
    {
        var facts = new LiveFacts(null, new NextStepFacts(3, "w", 5, 6, before, after, (before - after) / 0.3, 0.3, false));
        Assert.Equal(right, Grader.Grade(Q("live-next-step"), answer, facts).Correct);
    }

    [Fact]
    public void Question_set_has_8_to_12_questions_with_every_kind_and_two_live_ones()
    {
        var set = QuestionBank.Current;
        Assert.InRange(set.Questions.Count, 8, 12);
        Assert.Equal(set.Questions.Count, set.Questions.Select(q => q.Id).Distinct().Count());
        foreach (var kind in Enum.GetValues<QuestionKind>())
        {
            Assert.Contains(set.Questions, q => q.Kind == kind);
        }
        Assert.True(set.Questions.Count(q => q.IsLive) >= 2);
        Assert.All(set.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Explanation)));
        Assert.All(set.Questions.Where(q => q.Kind == QuestionKind.Numeric), q => Assert.Contains("±", q.Prompt, StringComparison.Ordinal));
        Assert.Same(set, QuestionBank.Find(set.Version));
    }
}
