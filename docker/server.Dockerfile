# syntax=docker/dockerfile:1
# StreamSwarm server: ingest, LL-HLS origin and the web pages.
# Build context: the repository root (docker-compose.yml sets it):
#   docker build -f docker/server.Dockerfile -t streamswarm/server .

# --- web bundle: hls.js viewer and index pages -> src/StreamSwarm.Server/wwwroot/dist ---
FROM node:20-bookworm-slim AS web
WORKDIR /repo/web
# Lock file first so the npm layer is reused until dependencies change.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# build.mjs writes to ../src/StreamSwarm.Server/wwwroot/dist, i.e. /repo/src/StreamSwarm.Server/wwwroot/dist.
RUN npm run build

# --- .NET build ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
# Project files first: restore is cached until a reference or package version changes.
COPY src/StreamSwarm.Core/StreamSwarm.Core.csproj src/StreamSwarm.Core/
COPY src/StreamSwarm.Media/StreamSwarm.Media.csproj src/StreamSwarm.Media/
COPY src/StreamSwarm.Server/StreamSwarm.Server.csproj src/StreamSwarm.Server/
RUN dotnet restore src/StreamSwarm.Server/StreamSwarm.Server.csproj
COPY src/StreamSwarm.Core/ src/StreamSwarm.Core/
COPY src/StreamSwarm.Media/ src/StreamSwarm.Media/
COPY src/StreamSwarm.Server/ src/StreamSwarm.Server/
COPY --from=web /repo/src/StreamSwarm.Server/wwwroot/dist/ src/StreamSwarm.Server/wwwroot/dist/
RUN dotnet publish src/StreamSwarm.Server/StreamSwarm.Server.csproj -c Release -o /app --no-restore

# --- runtime ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Listen on every interface inside the container; docker-compose.yml publishes the port.
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The non-root user the .NET images provide.
USER $APP_UID
ENTRYPOINT ["dotnet", "StreamSwarm.Server.dll"]
