namespace StreamSwarm.Server.Window;

/// <summary>What became of a part upload.</summary>
public enum PartAppendResult
{
    Unknown = 0,

    /// <summary>Stored and announced.</summary>
    Stored,

    /// <summary>The same bytes as the part just stored: an idempotent retry.</summary>
    Duplicate,

    /// <summary>Out of order, a gap, different bytes for a stored part, or part 0 not independent.</summary>
    Conflict,

    /// <summary>No init segment yet for the rendition.</summary>
    NoInit,

    /// <summary>The part alone is over the stream's memory budget.</summary>
    OverBudget,
}
