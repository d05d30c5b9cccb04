using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>What the dashboard shows besides <see cref="BroadcastStats"/>; each part is optional.</summary>
/// <param name="Mixer">The NAudio mix going to ffmpeg: its meters and mute state. Null when ffmpeg makes or reads the sound itself.</param>
/// <param name="Swarm">Viewers and P2P share polled from the server.</param>
/// <param name="Warnings">The last warnings and errors of the log.</param>
/// <param name="WatchUrl">The page viewers open.</param>
public sealed record DashboardFeeds(AudioMixer? Mixer = null, SwarmWatcher? Swarm = null, RecentWarnings? Warnings = null, Uri? WatchUrl = null);
