using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Hosting;

internal sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var errors = new List<string>();
        if (options.MaxPartBytes is < 1024 or > 256 * 1024 * 1024)
        {
            errors.Add($"{IngestOptions.Section}:MaxPartBytes must be 1 KiB..256 MiB, got {options.MaxPartBytes}.");
        }

        if (options.MaxInitBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{IngestOptions.Section}:MaxInitBytes must be 1 KiB..16 MiB, got {options.MaxInitBytes}.");
        }

        if (options.MaxSessionRequestBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"{IngestOptions.Section}:MaxSessionRequestBytes must be 1 KiB..1 MiB, got {options.MaxSessionRequestBytes}.");
        }

        if (!double.IsFinite(options.SessionIdleTimeoutSeconds) || options.SessionIdleTimeoutSeconds is < 0.2 or > 3600)
        {
            errors.Add($"{IngestOptions.Section}:SessionIdleTimeoutSeconds must be 0.2..3600, got {options.SessionIdleTimeoutSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class WindowOptionsValidation(IOptions<IngestOptions> ingest) : IValidateOptions<WindowOptions>
{
    public ValidateOptionsResult Validate(string? name, WindowOptions options)
    {
        var errors = new List<string>();
        if (options.PlaylistSegments is < 2 or > 1000)
        {
            errors.Add($"{WindowOptions.Section}:PlaylistSegments must be 2..1000, got {options.PlaylistSegments}.");
        }

        if (!double.IsFinite(options.RetainBeyondPlaylistSeconds) || options.RetainBeyondPlaylistSeconds is < 0 or > 3600)
        {
            errors.Add($"{WindowOptions.Section}:RetainBeyondPlaylistSeconds must be 0..3600, got {options.RetainBeyondPlaylistSeconds}.");
        }

        // A stream must at least hold one init and a few parts at the size limit, or uploads could never succeed.
        var minimum = 4L * ingest.Value.MaxPartBytes;
        if (options.StreamBudgetBytes < minimum)
        {
            errors.Add($"{WindowOptions.Section}:StreamBudgetBytes must be at least 4 x MaxPartBytes ({minimum}), got {options.StreamBudgetBytes}.");
        }

        if (options.GlobalBudgetBytes < options.StreamBudgetBytes)
        {
            errors.Add($"{WindowOptions.Section}:GlobalBudgetBytes must be at least StreamBudgetBytes ({options.StreamBudgetBytes}), got {options.GlobalBudgetBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class OriginOptionsValidation : IValidateOptions<OriginOptions>
{
    public ValidateOptionsResult Validate(string? name, OriginOptions options)
    {
        var errors = new List<string>();
        if (!double.IsFinite(options.BlockingTargetDurations) || options.BlockingTargetDurations is < 0.1 or > 10)
        {
            errors.Add($"{OriginOptions.Section}:BlockingTargetDurations must be 0.1..10, got {options.BlockingTargetDurations}.");
        }

        if (options.MediaMaxAgeSeconds is < 0 or > 31_536_000)
        {
            errors.Add($"{OriginOptions.Section}:MediaMaxAgeSeconds must be 0..31536000, got {options.MediaMaxAgeSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class KeysOptionsValidation : IValidateOptions<KeysOptions>
{
    public ValidateOptionsResult Validate(string? name, KeysOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeysFile))
        {
            errors.Add("StreamSwarm:KeysFile must not be empty.");
        }

        if (options.AdminToken is { } token && (token.Length < KeysOptions.MinAdminTokenLength || token.Any(c => c is < '!' or > '~')))
        {
            errors.Add($"StreamSwarm:AdminToken must be at least {KeysOptions.MinAdminTokenLength} printable ASCII characters without spaces (or be left out to turn the admin API off).");
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var where = $"StreamSwarm:Keys:{i}";
            if (MediaNames.Describe(key.Stream, "Stream") is { } bad)
            {
                errors.Add($"{where}:Stream: {bad}");
            }

            var hasHash = !string.IsNullOrEmpty(key.Sha256);
            var hasKey = !string.IsNullOrEmpty(key.Key);
            if (hasHash == hasKey)
            {
                errors.Add($"{where}: give exactly one of Sha256 (hex digest of the key) or Key (the key itself).");
            }
            else if (hasHash && !ContentHash.TryParseHex(key.Sha256, out _))
            {
                errors.Add($"{where}:Sha256 must be 64 hex digits.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
