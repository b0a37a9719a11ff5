using System.Diagnostics;
using System.Text;

namespace Toe.Tests.Support;

/// <summary>
/// Runs the real <c>toe</c> binary: the published native one when TOE_BIN is set (./build.sh test
/// sets it), otherwise the framework-dependent build beside the tests.
/// </summary>
public static class ToeProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory = null)
    {
        var bin = Environment.GetEnvironmentVariable("TOE_BIN");
        ProcessStartInfo info;
        if (!string.IsNullOrEmpty(bin))
        {
            info = new ProcessStartInfo(bin);
        }
        else
        {
            info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "toe.dll"));
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = workingDirectory ?? RepoPaths.Root;
        return info;
    }

    public static Result Run(params string[] args) => RunIn(null, args);

    public static Result RunIn(string? workingDirectory, params string[] args) => Run(StartInfo(args, workingDirectory), args);

    /// <summary>Runs toe with variables added to (value) or removed from (null) the test process's environment.</summary>
    public static Result RunIn(string? workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = StartInfo(args, workingDirectory);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return Run(info, args);
    }

    /// <summary>Runs toe through <c>bash -c '&lt;prelude&gt;; exec toe ...'</c>: for what a parent passes on through exec (ignored signals).</summary>
    public static Result RunAfter(string prelude, params string[] args)
    {
        var toe = StartInfo(args);
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = toe.WorkingDirectory,
        };
        foreach (var argument in new[] { "-c", prelude + "; exec \"$@\"", "bash", toe.FileName }.Concat(toe.ArgumentList))
        {
            info.ArgumentList.Add(argument);
        }

        return Run(info, args);
    }

    private static Result Run(ProcessStartInfo info, string[] args)
    {
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.Append(e.Data).Append('\n'); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"toe {string.Join(' ', args)} did not finish within 60 s");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
