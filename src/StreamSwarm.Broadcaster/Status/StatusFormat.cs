using System.Globalization;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>How the counters read, shared by the live table and the plain status line.</summary>
public static class StatusFormat
{
    public static string Elapsed(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");

    public static string Fps(double fps) => fps.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Speed(double speed) => speed.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string BitrateKbps(double kbps) => kbps.ToString("0", CultureInfo.InvariantCulture) + "kbit/s";

    public static string UploadMs(double? ms) => ms is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => (bytes / (double)(1 << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1 << 20 => (bytes / (double)(1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KiB",
    };

    /// <summary>One grep-friendly line of <c>key=value</c> pairs.</summary>
    public static string Line(string stream, BroadcastStats.Snapshot s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"status stream={stream} elapsed={Elapsed(s.Elapsed)} fps={Fps(s.EncoderFps)} speed={Speed(s.EncoderSpeed)} bitrate={BitrateKbps(s.EncoderBitrateKbps)} parts={s.PartsSent} segments={s.Segments} sent={s.BytesSent} last_upload_ms={UploadMs(s.LastUploadMs)} errors={s.UploadErrors} retries={s.Retries} queue={s.QueueDepth}");
}
