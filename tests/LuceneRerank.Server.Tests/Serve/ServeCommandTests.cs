using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LuceneRerank.Serve;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.Server.Tests.Serve;

/// <summary>lrr-serve end to end in process: serves a generated cross-encoder, stops cleanly when cancelled, reports bad input.</summary>
public sealed partial class ServeCommandTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private static Task<int> Run(string[] args, StringWriter output, StringWriter error, CancellationToken stop) =>
        CommandHost.RunAsync(ServeCommand.Create(), args, new InvocationConfiguration { Output = output, Error = error }, null, stop);

    [Test]
    public async Task Serves_the_model_on_the_TEI_route_with_the_in_process_scores_and_exits_0_when_stopped()
    {
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new StringWriter();
        Environment.SetEnvironmentVariable("LRR_SERVE_TEST_KEY", "secret-key");
        var run = Run(["--model", GeneratedModels.XenovaOneLabel, "--port", "0", "--batching", "on", "--max-documents", "5", "--api-key-env", "LRR_SERVE_TEST_KEY"],
            output, error, stop.Token);
        var address = await WaitForAddress(output, run);
        using var client = new HttpClient { BaseAddress = address };
        while ((await client.GetAsync("ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.That(run.IsCompleted, Is.False, error.ToString());
            await Task.Delay(50);
        }

        client.DefaultRequestHeaders.Authorization = new("Bearer", "secret-key");
        var answer = await client.PostAsync("rerank", new StringContent("""{"query":"q","texts":["a passage","another passage"],"raw_scores":true}""", Encoding.UTF8, "application/json"));
        var tooMany = await client.PostAsync("rerank", new StringContent("""{"query":"q","texts":["1","2","3","4","5","6"]}""", Encoding.UTF8, "application/json"));
        await stop.CancelAsync();

        Assert.That(await run.WaitAsync(s_bound), Is.EqualTo(ExitCodes.Success), error.ToString());
        using var inProcess = Rerankers.Open(GeneratedModels.XenovaOneLabel);
        var expected = await inProcess.ScoreAsync("q", ["a passage", "another passage"]);
        var results = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsArray();
        Assert.That(results.OrderBy(r => (int)r!["index"]!).Select(r => (float)r!["score"]!), Is.EqualTo(expected).Within(1e-5f));
        Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task A_model_that_cannot_be_opened_ends_the_server_with_an_input_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lrr-serve-missing-" + Guid.NewGuid().ToString("N"), "model.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await Run(["--model", missing, "--port", "0"], output, error, CancellationToken.None).WaitAsync(s_bound);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InputError), error.ToString());
        Assert.That(error.ToString(), Does.StartWith("error: ").And.Contain("lrr-serve-missing-"));
    }

    [Test]
    public async Task An_unset_API_key_variable_is_a_usage_error()
    {
        var error = new StringWriter();

        var exitCode = await Run(["--model", "x", "--api-key-env", "LRR_SERVE_UNSET_" + Guid.NewGuid().ToString("N")], new StringWriter(), error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(error.ToString(), Does.Contain("--api-key-env LRR_SERVE_UNSET_").And.Contain("unset or empty"));
    }

    private static async Task<Uri> WaitForAddress(StringWriter output, Task<int> run)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (Listening().Match(output.ToString()) is not { Success: true } match)
        {
            Assert.That(run.IsCompleted, Is.False, "lrr-serve ended early: " + output);
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "lrr-serve did not print its address");
            await Task.Delay(20);
        }

        return new Uri(Listening().Match(output.ToString()).Groups[1].Value + "/");
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex Listening();
}
