using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// Range checks for numeric options, added as option validators so that a value out of range is a usage error
/// (<see cref="ExitCodes.UsageError"/>) naming the option and the value, before anything runs.
/// </summary>
public static class NumericOptions
{
    /// <summary>The value must be finite and at least <paramref name="minimum"/>.</summary>
    /// <param name="result">The option's parse result.</param>
    /// <param name="name">The option, for the message.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    public static void AtLeast<T>(OptionResult result, string name, T minimum)
        where T : INumber<T>
    {
        var value = result.GetValueOrDefault<T>();
        if (!IsFinite(value) || value < minimum)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {minimum}, not {value}"));
        }
    }

    /// <summary>The value must be finite and within [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <param name="result">The option's parse result.</param>
    /// <param name="name">The option, for the message.</param>
    /// <param name="minimum">The smallest allowed value.</param>
    /// <param name="maximum">The largest allowed value.</param>
    public static void Between<T>(OptionResult result, string name, T minimum, T maximum)
        where T : INumber<T>
    {
        var value = result.GetValueOrDefault<T>();
        if (!IsFinite(value) || value < minimum || value > maximum)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {minimum} and {maximum}, not {value}"));
        }
    }

    /// <summary>The value must be greater than zero.</summary>
    /// <param name="result">The option's parse result.</param>
    /// <param name="name">The option, for the message.</param>
    public static void Positive<T>(OptionResult result, string name)
        where T : INumber<T>
    {
        var value = result.GetValueOrDefault<T>();
        if (!IsFinite(value) || value <= T.Zero)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be greater than 0, not {value}"));
        }
    }

    private static bool IsFinite<T>(T value)
        where T : INumber<T> => T.IsFinite(value);
}
