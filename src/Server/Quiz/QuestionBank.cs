// Released question sets are never edited, not even to fix a typo. To change any question, add Version2, point
// Current at it and list it in Find; Version1 stays exactly as it is so old attempts can still be explained.

namespace BackpropServer.Server.Quiz;

/// <summary>
/// The "Check your understanding" questions that follow the backpropagation lesson: conceptual questions first, then
/// computations, then two live questions about the student's own network.
/// </summary>
public static class QuestionBank
{
    public static QuestionSet Version1 { get; } = new(1,
    [
        new Question
        {
            Id = "blame-starts",
            Kind = QuestionKind.SingleChoice,
            Prompt = "Backpropagation shares out the blame for the loss. Where does the blame start, and why there?",
            Options =
            [
                new("a", "At the inputs, because that is where the forward pass starts."),
                new("b", "At the output, because that is the only place where the prediction can be compared "
                    + "with the label."),
                new("c", "At the first hidden layer, because its weights are closest to the data."),
                new("d", "At every neuron at once, because each neuron is compared with its own target value."),
            ],
            CorrectOptions = ["b"],
            Explanation = "Only the output has a right answer to compare with, so its blame is plain to see: "
                + "δ = σ(z) − y, the predicted probability minus the label. Hidden neurons have no targets of their "
                + "own; they collect their blame from the layer after them, which is why the sweep runs backwards.",
        },
        new Question
        {
            Id = "relu-off",
            Kind = QuestionKind.SingleChoice,
            Prompt = "On one example, a ReLU neuron in a hidden layer gets z = −1.3, so its output is 0. "
                + "What happens to the blame that reaches it from the next layer?",
            Options =
            [
                new("a", "It passes straight through unchanged, because ReLU is a straight line."),
                new("b", "It is flipped in sign, because z is negative."),
                new("c", "It stops there: the neuron's δ is 0, so the weights feeding into it get no gradient "
                    + "from this example."),
                new("d", "It is scaled by a(1 − a), just as in a sigmoid neuron."),
            ],
            CorrectOptions = ["c"],
            Explanation = "A hidden neuron's blame is δ = f′(z) · Σ w δ, and a ReLU's slope f′(z) is 0 whenever "
                + "z ≤ 0, so whatever arrives is multiplied by 0. The weights leaving it get nothing either, "
                + "for a second reason: their near-end activation is 0.",
        },
        new Question
        {
            Id = "zero-grad",
            Kind = QuestionKind.SingleChoice,
            Prompt = "Every training step ends with optimizer.zero_grad() in PyTorch, or optimizer.ZeroGrad() "
                + "in our C# engine. What is it for?",
            Options =
            [
                new("a", "It sets every weight back to zero so that training starts fresh."),
                new("b", "It makes the loss zero so the loss chart starts from the bottom."),
                new("c", "It sets the learning rate to zero for one step so the weights can settle."),
                new("d", "It wipes the stored gradients, because the next backward pass adds its gradients "
                    + "onto whatever is already stored."),
            ],
            CorrectOptions = ["d"],
            Explanation = "The backward pass does not overwrite old gradients; it adds the new ones onto them. "
                + "Without the reset, each step would be pushed by its own gradients plus all the old ones, "
                + "and the updates would get more and more wrong.",
        },
        new Question
        {
            Id = "hidden-gradient-needs",
            Kind = QuestionKind.MultipleChoice,
            Prompt = "A weight w connects hidden neuron i to hidden neuron j in the next layer. Which of these "
                + "do you need to work out ∂L/∂w for it? Tick all that apply.",
            Options =
            [
                new("a", "δⱼ, the blame of neuron j at the far end of the connection"),
                new("b", "aᵢ, the activation of neuron i at the near end of the connection"),
                new("c", "The learning rate η"),
                new("d", "The test loss"),
                new("e", "The current value of w itself"),
            ],
            CorrectOptions = ["a", "b"],
            Explanation = "The gradient is ∂L/∂w = δⱼ · aᵢ: the blame at the far end times the activation at the "
                + "near end, and once you have those two numbers nothing else is needed. The learning rate only "
                + "appears later, in the update, and the test loss is never used for learning.",
        },
        new Question
        {
            Id = "step-truths",
            Kind = QuestionKind.MultipleChoice,
            Prompt = "Which of these statements about one training step (forward, loss, backward, update) "
                + "are true? Tick all that apply.",
            Options =
            [
                new("a", "The backward pass, loss.backward() or loss.Backward(), finds ∂L/∂w for every weight in "
                    + "one sweep from the output back towards the inputs."),
                new("b", "The backward pass is the stage that changes the weights."),
                new("c", "In the update, a weight with a positive gradient goes down."),
                new("d", "The test examples are used to compute the gradients."),
                new("e", "For a batch, each weight's gradient is the average of its gradients over the examples."),
            ],
            CorrectOptions = ["a", "c", "e"],
            Explanation = "Backward only works out the gradients; the weights change in the update, "
                + "optimizer.step(), which moves each weight by Δw = −η · ∂L/∂w, so a positive gradient pushes it "
                + "down. Gradients are averaged over the training batch, and test examples are never learned from.",
        },
        new Question
        {
            Id = "weight-gradient",
            Kind = QuestionKind.Numeric,
            Prompt = "A connection runs from neuron i to neuron j. In the last step, neuron j's blame was "
                + "δⱼ = −0.35 and neuron i's activation was aᵢ = 0.62. What is ∂L/∂w for this connection? "
                + "Give your answer to within ±0.001.",
            NumericAnswer = -0.217,
            Tolerance = 0.001,
            Explanation = "∂L/∂w = δⱼ · aᵢ = −0.35 × 0.62 = −0.217. The gradient is negative, so the update "
                + "will push this weight up.",
        },
        new Question
        {
            Id = "sgd-update",
            Kind = QuestionKind.Numeric,
            Prompt = "A weight is w = −0.6, the learning rate is η = 0.1 and the weight's gradient in this step is "
                + "∂L/∂w = −1.5. Using plain SGD, what is the weight after the update? "
                + "Give your answer to within ±0.001.",
            NumericAnswer = -0.45,
            Tolerance = 0.001,
            Explanation = "The new weight is w − η · ∂L/∂w = −0.6 − 0.1 × (−1.5) = −0.6 + 0.15 = −0.45. "
                + "The gradient was negative, so the weight went up.",
        },
        new Question
        {
            Id = "hidden-delta",
            Kind = QuestionKind.Numeric,
            Prompt = "A tanh neuron in a hidden layer has activation a = 0.6. It feeds two neurons in the next "
                + "layer: one through a weight of 1.2, and that neuron's blame is δ = 0.3; the other through a "
                + "weight of −0.5, and that neuron's blame is δ = 0.4. What is this neuron's blame δ? "
                + "Give your answer to within ±0.001.",
            NumericAnswer = 0.1024,
            Tolerance = 0.001,
            Explanation = "First collect the blame: 1.2 × 0.3 + (−0.5) × 0.4 = 0.36 − 0.2 = 0.16. Then scale by "
                + "the tanh slope, 1 − a² = 1 − 0.36 = 0.64, so δ = 0.64 × 0.16 = 0.1024.",
        },
        new Question
        {
            Id = "live-largest-gradient",
            Kind = QuestionKind.LargestGradient,
            Prompt = "Look at your own network in the lesson. After your last training step, three connections "
                + "are labelled. Which of them had the largest |∂L/∂w| in that step?",
            Explanation = "The connection with the largest |∂L/∂w| is drawn thickest and carries the rank-1 badge. "
                + "Its gradient is the δ at its far end times the activation at its near end, so a lot of blame "
                + "downstream together with a strongly active source neuron makes a big gradient.",
        },
        new Question
        {
            Id = "live-next-step",
            Kind = QuestionKind.NextStepDirection,
            Prompt = "Look at the weight named below in your own network. In the next training step, will it go up "
                + "or down? When you submit, that step runs on your network and your answer is checked against "
                + "what really happened.",
            Options =
            [
                new("up", "It goes up"),
                new("down", "It goes down"),
            ],
            Explanation = "Plain SGD moves every weight against its gradient: Δw = −η · ∂L/∂w. A positive gradient "
                + "means the weight goes down, and a negative gradient means it goes up; the sign from your last "
                + "step is a good hint, because one small step rarely flips it.",
        },
    ]);

    /// <summary>The set new attempts use.</summary>
    public static QuestionSet Current => Version1;

    /// <summary>Every released set, by version, so old attempts stay explainable.</summary>
    public static QuestionSet? Find(int version) => version == 1 ? Version1 : null;
}
