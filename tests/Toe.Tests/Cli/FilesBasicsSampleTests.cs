using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary>The sample component components/files-basics.yml, run by the binary in a folder of its own.</summary>
[Parallelizable(ParallelScope.All)]
public class FilesBasicsSampleTests
{
    [Test]
    public void The_files_basics_sample_runs_and_cleans_up_after_itself()
    {
        using var temp = new TempFolder();
        var work = temp.Combine("work");
        var logs = temp.Combine("logs");
        var sample = Path.Combine(RepoPaths.Components, "files-basics.yml");

        var result = ToeProcess.Run("run", "--documents", sample, "--log-directory", logs, "--parameters", $"WorkDir={work}");

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("status").GetString().Should().Be("success");
        var console = File.ReadAllText(Directory.GetFiles(logs, "console.log", SearchOption.AllDirectories).Single());
        console.Should().Be(string.Join('\n',
            "listen=8080",
            "workers=4",
            "Read me on Windows",
            "removing log run-1.log",
            "removing log run-2.log",
            "removing log run-3.log",
            "summary.txt",
            string.Empty));
        Directory.Exists(work).Should().BeFalse("the sample deletes its work folder");
    }
}
