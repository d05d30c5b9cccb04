namespace StreamSwarm.Core.Media;

/// <summary>
/// Rules for the names that appear in URLs and on the wire: stream and rendition names.
/// They are restricted to lower-case ASCII letters, digits, '-' and '_' (1–64 chars, first a
/// letter or digit) so they are safe in paths, playlists, file names and log fields unescaped.
/// </summary>
public static class MediaNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (i > 0 && c is '-' or '_');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns null when valid, otherwise a sentence saying what is wrong.</summary>
    public static string? Describe(string? name, string what)
    {
        if (IsValid(name))
        {
            return null;
        }

        return $"{what} name '{name}' is invalid: use 1-{MaxLength} characters of a-z, 0-9, '-' or '_', starting with a letter or digit.";
    }
}
