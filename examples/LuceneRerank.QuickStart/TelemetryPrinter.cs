using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>
/// Listens to one <see cref="Meter"/> and one <see cref="ActivitySource"/> (LuceneRerank's are both named
/// "LuceneRerank") and prints what they produced: per instrument the number of measurements and their sum, and every
/// span with its duration and tags. An application would use OpenTelemetry instead
/// (<c>.AddMeter("LuceneRerank")</c>, <c>.AddSource("LuceneRerank")</c>); these are the plain .NET listeners.
/// </summary>
internal sealed class TelemetryPrinter : IDisposable
{
    private readonly string _name;
    private readonly MeterListener _meterListener = new();
    private readonly ActivityListener _activityListener;
    private readonly SortedDictionary<string, (string? Unit, long Count, double Sum)> _instruments = new(StringComparer.Ordinal);
    private readonly List<Activity> _spans = [];

    /// <summary>Starts listening to the meter and the activity source named <paramref name="name"/>.</summary>
    public TelemetryPrinter(string name)
    {
        _name = name;
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        _meterListener.Start();

        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_spans)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    /// <summary>Prints the metrics and the spans recorded so far.</summary>
    public void Print()
    {
        Console.WriteLine($"metrics (Meter \"{_name}\"):");
        lock (_instruments)
        {
            foreach (var (instrument, (unit, count, sum)) in _instruments)
            {
                Console.WriteLine($"  {instrument,-42} count {count,3}  sum {sum:G6} {unit}");
            }
        }

        Console.WriteLine($"spans (ActivitySource \"{_name}\"):");
        lock (_spans)
        {
            foreach (var span in _spans.OrderBy(s => s.StartTimeUtc))
            {
                var indent = new string(' ', 2 * Depth(span));
                var tags = string.Join(", ", span.TagObjects.Select(t => $"{t.Key.Replace("lucenererank.", "")}={t.Value}"));
                Console.WriteLine($"  {indent}{span.OperationName} {span.Duration.TotalMilliseconds:F1} ms  {tags}");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _meterListener.Dispose();
        _activityListener.Dispose();
    }

    private void Add(Instrument instrument, double value)
    {
        lock (_instruments)
        {
            var (_, count, sum) = _instruments.GetValueOrDefault(instrument.Name);
            _instruments[instrument.Name] = (instrument.Unit, count + 1, sum + value);
        }
    }

    private int Depth(Activity span)
    {
        var depth = 0;
        for (var parent = span.Parent; parent is not null && parent.Source.Name == _name; parent = parent.Parent)
        {
            depth++;
        }

        return depth;
    }
}
