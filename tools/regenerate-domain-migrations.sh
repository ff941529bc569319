#!/usr/bin/env bash
# Regenerates the domain store's initial migrations for SQLite and PostgreSQL from the current model.
# Only while no database outside development exists; after the first release, add migrations instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dir=src/Hotline.Tickets/Persistence/Migrations/$provider
  find "$dir" -name '*.cs' -delete
  rm -rf src/Hotline.Tickets/Hotline
  dotnet ef migrations add Initial --project src/Hotline.Tickets --context "${provider}HotlineDbContext" \
    --output-dir "Persistence/Migrations/$provider" --namespace "Hotline.Tickets.Persistence.Migrations.$provider"
  # dotnet-ef writes the model snapshot into a folder named after the namespace; keep it beside its migrations.
  find src/Hotline.Tickets/Hotline -name '*ModelSnapshot.cs' -exec mv {} "$dir/" \; 2>/dev/null || true
  rm -rf src/Hotline.Tickets/Hotline
done
