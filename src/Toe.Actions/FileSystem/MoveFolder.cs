using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>Moves folders (MoveFolder): one operation per item; see FolderTransfer for the rules.</summary>
public sealed class MoveFolder : ListInputModule
{
    public override string Name => "MoveFolder";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        FolderTransfer.Move(TransferRequest.Read(Name, item), cancellationToken);
        return Task.FromResult<string?>(null);
    }
}
