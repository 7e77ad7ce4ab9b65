# BackpropServer: front-end packages from npm, build and publish with the .NET SDK, run on the ASP.NET runtime.

FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The build would run npm itself; it finds node_modules restored and up to date instead.
COPY --from=frontend /src/node_modules ./node_modules
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig package.json package-lock.json ./
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN touch node_modules/.package-lock.json \
 && dotnet publish src/Server/Server.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# /data holds the SQLite database and the data-protection keys; the compose file mounts a named volume there.
RUN mkdir -p /data && chown -R app:app /data
USER app
# Workstation GC is set in Server.csproj. Its gen0 collections cost a few milliseconds each however little survives,
# so a 32 MB gen0 budget (fewer, not longer, pauses) keeps a busy class's step round trip p99 low; see
# docs/PERFORMANCE.md. The price is up to 32 MB of not-yet-collected garbage.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DataDirectory=/data \
    DOTNET_GCgen0size=0x2000000
EXPOSE 8080
VOLUME ["/data"]
# The aspnet image has no curl; the app's own health endpoint is probed with bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
ENTRYPOINT ["dotnet", "BackpropServer.Server.dll"]
