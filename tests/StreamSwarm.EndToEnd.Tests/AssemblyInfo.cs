// Each collection runs a broadcast, ffmpeg and Chromium; two at once would fight over 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
