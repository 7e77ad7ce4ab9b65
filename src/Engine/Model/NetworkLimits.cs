namespace BackpropServer.Engine.Model;

/// <summary>The sizes the lesson allows: small enough to draw, large enough to show what depth does.</summary>
public static class NetworkLimits
{
    public const int MaxHiddenLayers = 6;
    public const int MinNeurons = 1;
    public const int MaxNeurons = 8;
    public const int Inputs = 2;
}
