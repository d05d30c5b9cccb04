namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// One progress report from ffmpeg: frames encoded, encode frame rate, output bitrate (kbit/s),
/// speed as a multiple of real time, and the output timestamp reached. A value ffmpeg reports as
/// N/A is 0.
/// </summary>
public readonly record struct FfmpegStats(long Frame, double Fps, double BitrateKbps, double Speed, TimeSpan OutTime);
