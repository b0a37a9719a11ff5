using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>Moves files (MoveFile): one operation per item; see FileTransfer for the rules.</summary>
public sealed class MoveFile : ListInputModule
{
    public override string Name => "MoveFile";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        FileTransfer.Move(TransferRequest.Read(Name, item), cancellationToken);
        return Task.FromResult<string?>(null);
    }
}
