using NUnit.Framework;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.Support;

namespace Toe.Tests.Aws.ImageBuilder;

/// <summary>
/// What the Image Builder test classes share: one AWS emulator with the Image Builder service per class, started once,
/// and helpers to run the real binary against it.
/// </summary>
public abstract class ImageBuilderEmulatorTests
{
    private AwsEmulator? _started;
    private ImageBuilderService? _imageBuilder;

    /// <summary>The emulator of the running class.</summary>
    protected AwsEmulator _emulator => _started ?? throw new InvalidOperationException("the emulator runs only while the class's tests run");

    /// <summary>Its Image Builder service (components, builds, recorded calls).</summary>
    protected ImageBuilderService _service => _imageBuilder ?? throw new InvalidOperationException("the emulator runs only while the class's tests run");

    [OneTimeSetUp]
    public async Task StartEmulatorAsync()
    {
        _started = await AwsEmulator.StartAsync();
        _imageBuilder = new ImageBuilderService(_started);
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }

    /// <summary>A component name no other test uses (the emulator is shared by the class's tests).</summary>
    protected static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    /// <summary>The real binary in <paramref name="directory"/>, with the emulator's endpoints and credentials.</summary>
    protected ToeProcess.Result Toe(string directory, params string[] args) => ToeProcess.RunIn(directory, _emulator.ClientEnvironment(), args);
}
