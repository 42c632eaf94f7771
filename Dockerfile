# The operator image: a native (ahead-of-time compiled) build, run on the chiseled runtime-deps image (Ubuntu Noble
# without a shell or package manager, only the native libraries the executable links) as a non-root user.
#   docker build -t delegated-credentials-operator:latest .
# Native: about 55 MB resident before the first credential and 86-97 MB at 10,000 credentials (about 105 MB at most during
# bursts), against 138 MB and 231-264 MB for the JIT build (tests/Operator.Benchmarks/results.md, "Native build", "Sixth
# round" and "Seventh round"; docs/architecture.md, "Native build").
# The SDK's -aot image carries the native toolchain (clang, the linker, zlib) that the ahead-of-time compiler needs.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
ARG TARGETARCH
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY operator/Operator.csproj operator/
RUN dotnet restore operator/Operator.csproj -a "$TARGETARCH" -p:PublishAot=true
COPY operator/ operator/
# Debug symbols (Operator.dbg, about 90 MB) and the XML docs stay behind.
RUN dotnet publish operator/Operator.csproj -c Release -a "$TARGETARCH" --no-restore -p:PublishAot=true -o /app \
    && rm -f /app/*.dbg /app/*.xml

# Chiseled: no shell, so nothing below may RUN; exec-form ENTRYPOINT only.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# In a pod the operator talks to the API server with its own ServiceAccount. This is set explicitly: the
# operator never falls back to in-cluster (or localhost) configuration on its own.
# GC settings (workstation GC) come from operator/Operator.csproj, compiled into the executable, except the gen0 budget,
# which the runtime reads only from the environment (4 MB: tests/Operator.Benchmarks/results.md).
# The runtime-deps image has no ICU: culture data is the invariant culture's (the operator formats and parses
# invariantly throughout).
ENV OPERATOR__KUBERNETES__INCLUSTER=true \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_GCgen0size=0x400000 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true
# 8080: /metrics (and probes), 8081: /healthz and /readyz, as config/manager/deployment.yaml expects.
EXPOSE 8080 8081
# The "app" user (UID 1654) of the .NET images (the chiseled image's default already; said again so it cannot drift);
# the Deployment pins its own non-root UID as well.
USER $APP_UID
ENTRYPOINT ["/app/Operator"]
