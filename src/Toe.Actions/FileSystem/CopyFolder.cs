using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>Copies folders (CopyFolder): one operation per item; see FolderTransfer for the rules.</summary>
public sealed class CopyFolder : ListInputModule
{
    public override string Name => "CopyFolder";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        FolderTransfer.Copy(TransferRequest.Read(Name, item), cancellationToken);
        return Task.FromResult<string?>(null);
    }
}
