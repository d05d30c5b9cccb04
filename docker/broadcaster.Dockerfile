# syntax=docker/dockerfile:1
# StreamSwarm broadcaster (`streamswarm go-live`): encodes with ffmpeg and uploads CMAF parts.
# Build context: the repository root (docker-compose.yml sets it):
#   docker build -f docker/broadcaster.Dockerfile -t streamswarm/broadcaster .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/StreamSwarm.Core/StreamSwarm.Core.csproj src/StreamSwarm.Core/
COPY src/StreamSwarm.Media/StreamSwarm.Media.csproj src/StreamSwarm.Media/
COPY src/StreamSwarm.Broadcaster/StreamSwarm.Broadcaster.csproj src/StreamSwarm.Broadcaster/
RUN dotnet restore src/StreamSwarm.Broadcaster/StreamSwarm.Broadcaster.csproj
COPY src/StreamSwarm.Core/ src/StreamSwarm.Core/
COPY src/StreamSwarm.Media/ src/StreamSwarm.Media/
COPY src/StreamSwarm.Broadcaster/ src/StreamSwarm.Broadcaster/
RUN dotnet publish src/StreamSwarm.Broadcaster/StreamSwarm.Broadcaster.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
# ffmpeg does the encoding; DejaVu Sans is the font of the burned-in capture clock
# (LiveEncodeSettings.FontFile).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_NOLOGO=1
USER $APP_UID
ENTRYPOINT ["dotnet", "streamswarm.dll"]
CMD ["go-live", "--help"]
