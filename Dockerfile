# The operator image: build with the SDK, run on the chiseled ASP.NET runtime (Ubuntu Noble without a shell or
# package manager, only what .NET needs) as a non-root user.
#   docker build -t delegated-credentials-operator:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY operator/Operator.csproj operator/
RUN dotnet restore operator/Operator.csproj
COPY operator/ operator/
RUN dotnet publish operator/Operator.csproj -c Release --no-restore -o /app

# Chiseled: no shell, so nothing below may RUN; exec-form ENTRYPOINT only.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# In a pod the operator talks to the API server with its own ServiceAccount. This is set explicitly: the
# operator never falls back to in-cluster (or localhost) configuration on its own.
# GC and JIT settings (no dynamic PGO) come from operator/Operator.csproj (runtimeconfig.json), chosen with the fleet
# benchmark, except the gen0 budget, which the runtime reads only from the environment (4 MB:
# tests/Operator.Benchmarks/results.md).
ENV OPERATOR__KUBERNETES__INCLUSTER=true \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_GCgen0size=0x400000
# 8080: /metrics (and probes), 8081: /healthz and /readyz, as config/manager/deployment.yaml expects.
EXPOSE 8080 8081
# The "app" user (UID 1654) of the .NET images (the chiseled image's default already; said again so it cannot drift);
# the Deployment pins its own non-root UID as well.
USER $APP_UID
ENTRYPOINT ["dotnet", "Operator.dll"]
