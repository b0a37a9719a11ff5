using FluentAssertions;
using NUnit.Framework;
using Toe.Aws.ImageBuilder;

namespace Toe.Tests.Aws.ImageBuilder;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ComponentArnTests
{
    [Test]
    public void A_build_version_ARN_is_split_into_its_fields()
    {
        var arn = ComponentArn.Parse("arn:aws:imagebuilder:eu-central-1:123456789012:component/my-example_component/2021.12.02/3");

        arn.Should().Be(new ComponentArn("arn:aws:imagebuilder:eu-central-1:123456789012:component/my-example_component/2021.12.02/3",
            "aws", "eu-central-1", "123456789012", "my-example_component", "2021.12.02", 3));
        arn.IsBuildVersion.Should().BeTrue();
    }

    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/update-linux/1.0.2/1")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws-marketplace:component/cis/1.0.0/1")]
    [TestCase("arn:aws:imagebuilder:us-west-2:third-party:component/x/1.0.0/1")]
    [TestCase("arn:aws-cn:imagebuilder:cn-north-1:123456789012:component/x/1.0.0/1")]
    [TestCase("arn:aws-us-gov:imagebuilder:us-gov-west-1:123456789012:component/x/1.0.0/12")]
    public void Owners_and_partitions_of_the_API_pattern_are_accepted(string text)
    {
        ComponentArn.TryParse(text, out var arn, out var error).Should().BeTrue(error);
        arn!.Text.Should().Be(text);
    }

    /// <summary>Decision: version ARNs are passed on; GetComponent resolves them to the newest matching build (API reference).</summary>
    [TestCase("1.0.0")]
    [TestCase("1.0.x")]
    [TestCase("1.x.x")]
    [TestCase("x.x.x")]
    public void Version_ARNs_without_a_build_are_accepted_for_the_service_to_resolve(string version)
    {
        var arn = ComponentArn.Parse($"arn:aws:imagebuilder:us-west-2:aws:component/sample-test/{version}");

        arn.IsBuildVersion.Should().BeFalse();
        arn.Version.Should().Be(version);
    }

    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.x.0", "with 'x' allowed only in trailing places")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0", "the version '1.0' must be x.y.z numbers")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0.x/1", "the version '1.0.x' of a build-version ARN must be three numbers")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0.0/one", "the build 'one' must be a number")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x", "it names no version")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/", "it names no component")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/My Component/1.0.0/1", "only lower-case letters, digits")]
    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0.0/1/2", "more fields than")]
    [TestCase("arn:aws:imagebuilder::aws:component/x/1.0.0/1", "the Region field is empty")]
    [TestCase("arn:aws:imagebuilder:uswest2:aws:component/x/1.0.0/1", "'uswest2' is not a Region name")]
    [TestCase("arn:aws:imagebuilder:us-west-2:1234:component/x/1.0.0/1", "the owner '1234' must be a 12-digit account ID")]
    [TestCase("arn:azure:imagebuilder:us-west-2:aws:component/x/1.0.0/1", "the partition 'azure' is not an AWS partition")]
    [TestCase("arn:aws:imagebuilder:us-west-2", "six ':'-separated fields")]
    public void Malformed_ARNs_say_what_is_wrong_and_what_to_write(string text, string reason)
    {
        ComponentArn.TryParse(text, out var arn, out var error).Should().BeFalse();

        arn.Should().BeNull();
        error.Should().StartWith($"'{text}' is not a valid component ARN: ").And.Contain(reason)
            .And.EndWith("; give arn:aws:imagebuilder:<region>:<account>:component/<name>/<x.y.z>/<build>");
    }

    [Test]
    public void An_ARN_of_another_service_or_resource_is_named_as_such()
    {
        ComponentArn.TryParse("arn:aws:s3:::bucket/key.yml", out _, out var service).Should().BeFalse();
        ComponentArn.TryParse("arn:aws:imagebuilder:us-west-2:123456789012:image-recipe/r/1.0.0", out _, out var resource).Should().BeFalse();

        service.Should().StartWith("'arn:aws:s3:::bucket/key.yml' is an ARN of 's3', not an Image Builder component");
        resource.Should().StartWith("'arn:aws:imagebuilder:us-west-2:123456789012:image-recipe/r/1.0.0' names an Image Builder image-recipe, not a component");
    }

    [TestCase("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0.0/1", true)]
    [TestCase("ARN:whatever", true)]
    [TestCase("./arn:file.yml", false)]
    [TestCase("s3://bucket/arn:x", false)]
    public void Anything_starting_with_arn_colon_is_taken_for_an_ARN(string text, bool expected) =>
        ComponentArn.LooksLikeArn(text).Should().Be(expected);
}
