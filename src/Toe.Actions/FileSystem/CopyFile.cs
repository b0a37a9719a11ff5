using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>Copies files (CopyFile): one operation per item; see FileTransfer for the rules.</summary>
public sealed class CopyFile : ListInputModule
{
    public override string Name => "CopyFile";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        FileTransfer.Copy(TransferRequest.Read(Name, item), cancellationToken);
        return Task.FromResult<string?>(null);
    }
}
