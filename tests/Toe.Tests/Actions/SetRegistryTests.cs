using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Actions.Windows;

namespace Toe.Tests.Actions;

/// <summary>SetRegistry's inputs → typed registry values, on every platform (writing them needs Windows).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SetRegistryTests
{
    private static RegistryOperation One(string item)
    {
        SetRegistry.TryParseAll(ModuleRun.Inputs(item), out var operations, out var failure).Should().BeTrue(failure);
        return operations.Single();
    }

    private static string Failure(string inputs)
    {
        SetRegistry.TryParseAll(ModuleRun.Inputs(inputs), out _, out var failure).Should().BeFalse();
        return failure;
    }

    private static object Value(string type, string valueYaml) => One($"- path: HKCU\\Software\\Toe\n  name: V\n  type: {type}\n  value: {valueYaml}").Data;

    [Test]
    public void Page_example_first_item_is_a_string_and_the_second_is_refused_because_1_1_is_no_DWORD()
    {
        const string Page = """
            - path: HKLM:\SOFTWARE\MySoftWare
              name: MyName
              value: FirstVersionSoftware
              type: SZ
            - path: HKEY_CURRENT_USER\Software\Test
              name: Version
              value: 1.1
              type: DWORD
            """;

        One(Page.Split("\n- ")[0]).Should().Be(new RegistryOperation(RegistryRoot.LocalMachine, "SOFTWARE\\MySoftWare", "MyName", RegistryType.String, "FirstVersionSoftware"));
        Failure(Page).Should().Be("item 2 of 2 'HKEY_CURRENT_USER\\Software\\Test' value 'Version': a DWORD value must be a whole number from 0 to 4294967295 (decimal, or hex as 0x...), not '1.1'");
    }

    [TestCase("HKEY_CLASSES_ROOT\\.txt", RegistryRoot.ClassesRoot, ".txt")]
    [TestCase("HKCR:\\.txt", RegistryRoot.ClassesRoot, ".txt")]
    [TestCase("HKEY_USERS\\.DEFAULT\\Software", RegistryRoot.Users, ".DEFAULT\\Software")]
    [TestCase("HKU:\\.DEFAULT", RegistryRoot.Users, ".DEFAULT")]
    [TestCase("HKEY_LOCAL_MACHINE\\SOFTWARE\\Mine", RegistryRoot.LocalMachine, "SOFTWARE\\Mine")]
    [TestCase("hklm:\\SOFTWARE\\Mine\\", RegistryRoot.LocalMachine, "SOFTWARE\\Mine")]
    [TestCase("HKLM\\SOFTWARE\\a/b", RegistryRoot.LocalMachine, "SOFTWARE\\a/b")]
    [TestCase("HKEY_CURRENT_CONFIG\\System", RegistryRoot.CurrentConfig, "System")]
    [TestCase("HKCC:\\System", RegistryRoot.CurrentConfig, "System")]
    [TestCase("HKEY_CURRENT_USER", RegistryRoot.CurrentUser, "")]
    [TestCase("HKCU:\\Software\\Toe", RegistryRoot.CurrentUser, "Software\\Toe")]
    public void Paths_start_with_a_hive_written_long_or_short(string path, RegistryRoot hive, string subKey)
    {
        RegistryOperation.ParsePath(path).Should().Be((hive, subKey));
    }

    [TestCase("SOFTWARE\\Mine")]
    [TestCase("HKEY_LOCAL_MACHIN\\SOFTWARE")]
    [TestCase("Registry::HKLM\\SOFTWARE")]
    public void A_path_without_a_hive_is_refused(string path)
    {
        var parse = () => RegistryOperation.ParsePath(path);

        parse.Should().Throw<ItemFailedException>().WithMessage($"input 'path' '{path}' does not start with a registry hive; start it with HKEY_LOCAL_MACHINE\\ or HKLM:\\ (also *");
    }

    [Test]
    public void An_empty_key_name_is_refused()
    {
        var parse = () => RegistryOperation.ParsePath("HKLM:\\SOFTWARE\\\\Mine");

        parse.Should().Throw<ItemFailedException>().WithMessage("input 'path' 'HKLM:\\SOFTWARE\\\\Mine' has an empty key name between two '\\'");
    }

    [TestCase("DWORD", "0", 0)]
    [TestCase("DWORD", "42", 42)]
    [TestCase("DWORD", "'42'", 42)]
    [TestCase("DWORD", "0x2A", 42)]
    [TestCase("DWORD", "4294967295", -1)]
    [TestCase("dword", "0xFFFFFFFF", -1)]
    public void DWORD_values_are_unsigned_32_bit_numbers_stored_as_int(string type, string value, int expected)
    {
        Value(type, value).Should().Be(expected);
    }

    [TestCase("DWORD", "-1", "'-1'")]
    [TestCase("DWORD", "4294967296", "'4294967296'")]
    [TestCase("DWORD", "true", "'true'")]
    [TestCase("DWORD", "0x", "'0x'")]
    [TestCase("DWORD", "[1]", "a list")]
    [TestCase("QWORD", "18446744073709551616", "'18446744073709551616'")]
    public void Numbers_out_of_range_or_not_whole_are_refused(string type, string value, string shown)
    {
        var max = type == "QWORD" ? "18446744073709551615" : "4294967295";

        Failure($"- path: HKCU\\Software\\Toe\n  name: V\n  type: {type}\n  value: {value}")
            .Should().Be($"'HKCU\\Software\\Toe' value 'V': a {type} value must be a whole number from 0 to {max} (decimal, or hex as 0x...), not {shown}");
    }

    [Test]
    public void QWORD_values_are_unsigned_64_bit_numbers_stored_as_long()
    {
        Value("QWORD", "18446744073709551615").Should().Be(-1L);
        Value("QWORD", "0x10").Should().Be(16L);
        Value("QWORD", "5000000000").Should().Be(5000000000L);
    }

    [Test]
    public void String_types_take_one_value_as_written()
    {
        Value("SZ", "1.1").Should().Be("1.1");
        Value("SZ", "''").Should().Be(string.Empty);
        Value("EXPAND_SZ", "'%ProgramFiles%\\Toe'").Should().Be("%ProgramFiles%\\Toe");
        One("- path: HKCU\\Software\\Toe\n  name: V\n  type: EXPAND_SZ\n  value: x").Kind.Should().Be(RegistryType.ExpandString);
        Failure("- path: HKCU\\Software\\Toe\n  name: V\n  type: SZ\n  value: [a, b]").Should().EndWith(": a SZ value is one string, not a list; use MULTI_SZ for a list of strings");
    }

    [Test]
    public void MULTI_SZ_takes_a_list_or_one_string()
    {
        Value("MULTI_SZ", "[first, 2, '']").Should().BeEquivalentTo(new[] { "first", "2", string.Empty }, o => o.WithStrictOrdering());
        Value("MULTI_SZ", "only").Should().BeEquivalentTo(new[] { "only" });
        Failure("- path: HKCU\\Software\\Toe\n  name: V\n  type: MULTI_SZ\n  value: [[a]]").Should().EndWith(": item 1 of the MULTI_SZ value must be a string, not a list");
    }

    [TestCase("'0a1bff'")]
    [TestCase("'0x0A1BFF'")]
    [TestCase("'0a,1b,ff'")]
    [TestCase("'0a 1b ff'")]
    [TestCase("[10, 27, 255]")]
    [TestCase("[0x0a, '27', 0xFF]")]
    public void BINARY_takes_hex_digit_pairs_or_a_list_of_bytes(string value)
    {
        Value("BINARY", value).Should().BeEquivalentTo(new byte[] { 0x0A, 0x1B, 0xFF }, o => o.WithStrictOrdering());
    }

    [TestCase("'abc'", ": a BINARY value must be pairs of hex digits (e.g. '0a1bff' or '0a,1b,ff') or a list of bytes, not 'abc'")]
    [TestCase("'zz'", ": a BINARY value must be pairs of hex digits (e.g. '0a1bff' or '0a,1b,ff') or a list of bytes, not 'zz'")]
    [TestCase("[1, 256]", ": item 2 of the BINARY value must be a byte from 0 to 255 (or 0x00 to 0xFF), not 256")]
    public void Bad_BINARY_values_are_refused(string value, string ending)
    {
        Failure($"- path: HKCU\\Software\\Toe\n  name: V\n  type: BINARY\n  value: {value}").Should().EndWith(ending);
    }

    [TestCase("- path: HKCU\\Software\\Toe\n  name: V\n  type: REG_SZ\n  value: x", "'HKCU\\Software\\Toe' value 'V': input 'type' is 'REG_SZ'; use one of BINARY, DWORD, QWORD, SZ, EXPAND_SZ, MULTI_SZ")]
    [TestCase("- path: HKCU\\Software\\Toe\n  name: V\n  type: SZ", "'HKCU\\Software\\Toe' value 'V': input 'value' is required")]
    [TestCase("- path: HKCU\\Software\\Toe\n  value: x\n  type: SZ", "'HKCU\\Software\\Toe': input 'name' is required")]
    [TestCase("path: HKCU\\Software\\Toe", "'HKCU\\Software\\Toe': input 'name' is required")]
    [TestCase("- just text", "item 1 of inputs must be a mapping with path, name, value and type")]
    public void Missing_or_wrong_inputs_name_the_item_and_the_input(string inputs, string message)
    {
        Failure(inputs).Should().Be(message);
    }

    [Test]
    public void A_bad_later_item_stops_the_step_before_any_item_is_written()
    {
        var inputs = "- path: HKCU\\Software\\Toe\n  name: A\n  type: SZ\n  value: ok\n- path: HKCU\\Software\\Toe\n  name: B\n  type: DWORD\n  value: lots";

        SetRegistry.TryParseAll(ModuleRun.Inputs(inputs), out var operations, out var failure).Should().BeFalse();

        failure.Should().StartWith("item 2 of 2 ");
        operations.Should().HaveCount(1, "only the items before the bad one were checked; none is applied when one is bad");
    }
}
