using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary>
/// Real Linux documents of ../shared/corpus that need no network and change nothing on the machine
/// (each read and chosen by hand: they only echo), run end to end by the binary. The other Linux
/// documents install packages, call AWS or edit system files (timedatectl, sshd_config), which a test
/// must not do; they are covered by validation (CorpusTests).
/// </summary>
[Parallelizable(ParallelScope.All)]
public class CorpusRunTests
{
    private static readonly object[] Documents =
    [
        new object[] { "cloudadder__cdk-ec2-imagebuilder__test__components__helloworld.yaml", new[] { "Hello World" } },
        new object[] { "layerborn__cdk-ami-builder-construct__test____snapshots____ImageBuilder.test.ts.snap__TestComponent.yaml", new[] { "Hello World" } },
        new object[] { "JamesWoolfenden__terraform-aws-imagebuilder__example__examplea__module.imagebuilder.tf__module_imagebuilder.yaml", new[] { "hello world" } },
        new object[] { "flowingis__terraform-aws-ec2-image-builder__README.md__module_imagebuilder.yaml", new[] { "hello world" } },
        new object[] { "jacklin213__imagebuilder-component-builder__src__components__editor__hello_world.json.yaml", new[] { "Hello World! Build.", "Hello World! Validate.", "Hello World! Test." } },
        new object[] { "awsdocs__ec2-image-builder-user-guide__doc_source__manage-component-parameters.md__block1.yaml", new[] { "Hello World! Build phase. My input parameter value is It's me!", "Hello World! Test phase. My input parameter value is It's me!" } },
        new object[] { "aws__aws-cdk__packages__@aws-cdk__aws-imagebuilder-alpha__test__integ.all-parameters.component.js.snapshot__aws-cdk-imagebuilder-component-all-parameters.template.json__InlineComponent537607D7.yaml", new[] { "Hello build!", "Hello validate!", "Hello test!" } },
        // Named loops over a list and a for range (CDK's all-parameters test document).
        new object[] { "aws__aws-cdk__packages__@aws-cdk__aws-imagebuilder-alpha__test__component.test.ts__with-all-parameters.yaml", new[] { "Hello world!\nHello universe!\nHello 0 validate!", "Hello 10 validate!\nHello test!" } },
    ];

    [TestCaseSource(nameof(Documents))]
    public void A_real_document_runs_and_prints_what_it_should(string file, string[] expected)
    {
        var docs = RepoPaths.RequireCorpusDocs();
        using var temp = new TempFolder();

        var result = ToeProcess.Run("run", "--documents", Path.Combine(docs, file), "--log-directory", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("status").GetString().Should().Be("success");
        var console = File.ReadAllText(Directory.GetFiles(temp.Path, "console.log", SearchOption.AllDirectories).Single());
        foreach (var text in expected)
        {
            console.Should().Contain(text);
        }
    }
}
