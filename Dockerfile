# Hotline.Elsa server image. Build from the repository root:
#   docker build -t hotline-elsa .
# Configuration comes from environment variables only (README, "Production").

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Node.js and npm for the Elsa Studio package that src/Hotline.Server/Studio/ElsaStudio.targets restores at build.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore first, from the project files only, so a code change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/Hotline.Workflows/Hotline.Workflows.csproj src/Hotline.Workflows/
COPY src/Hotline.Tickets/Hotline.Tickets.csproj src/Hotline.Tickets/
COPY src/Hotline.Application/Hotline.Application.csproj src/Hotline.Application/
COPY src/Hotline.Workbench/Hotline.Workbench.csproj src/Hotline.Workbench/
COPY src/Hotline.Server/Hotline.Server.csproj src/Hotline.Server/
COPY src/Hotline.Server/Studio/ElsaStudio.targets src/Hotline.Server/Studio/
RUN dotnet restore src/Hotline.Server/Hotline.Server.csproj

# The Studio package, pinned by its lock file; its own layer, since it is large and rarely changes.
COPY src/Hotline.Server/StudioPackage/package.json src/Hotline.Server/StudioPackage/package-lock.json src/Hotline.Server/StudioPackage/
RUN cd src/Hotline.Server/StudioPackage && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

COPY src/ src/
COPY workflows/ workflows/
RUN dotnet publish src/Hotline.Server/Hotline.Server.csproj -c Release --no-restore -o /app \
    && test -f /app/studio-package/_framework/blazor.webassembly.js

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the health check only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/lib/hotline /var/log/hotline /var/lib/hotline-keys \
    && chown "$APP_UID" /var/lib/hotline /var/log/hotline /var/lib/hotline-keys
WORKDIR /app
COPY --from=build /app ./

# The SQLite file, the mail pickup folder and the rolling JSON logs live outside the image.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Hotline__DataDirectory=/var/lib/hotline \
    Hotline__Logs__Directory=/var/log/hotline
VOLUME ["/var/lib/hotline", "/var/log/hotline"]
EXPOSE 8080

# The non-root user the .NET images provide.
USER $APP_UID

# /health answers 200 while the database answers and the timer scheduler runs, 503 otherwise.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/health || exit 1

ENTRYPOINT ["dotnet", "Hotline.Server.dll"]
