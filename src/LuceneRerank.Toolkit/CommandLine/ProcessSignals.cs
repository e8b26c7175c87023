using System.Runtime.InteropServices;

namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation the command observes, so that it can clean up (delete an
/// unfinished build folder, finish the run file's last line) and say so before exiting with
/// <see cref="ExitCodes.Interrupted"/> or <see cref="ExitCodes.Terminated"/>. A second signal ends the process at once.
/// </summary>
public sealed class ProcessSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile bool _terminated;

    /// <summary>Registers the handlers (dispose to remove them).</summary>
    public ProcessSignals()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the signal was SIGTERM (exit 143) rather than SIGINT (exit 130).</summary>
    public bool Terminated => _terminated;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // second signal: default action, the process ends now
        }

        context.Cancel = true;
        _terminated = context.Signal == PosixSignal.SIGTERM;
        _source.Cancel();
    }
}
