# syntax=docker/dockerfile:1
# QuickCommerce web host image: build with the .NET 10 SDK, run on the ASP.NET Core runtime image.
#   docker build -t quickcommerce-web .
# The same image serves traffic and, with `--migrate-only`, runs the deployment's migration step.

ARG DOTNET_VERSION=10.0

# ---------------------------------------------------------------- build
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# Set by BuildKit (amd64, arm64); the SDK maps it to the runtime identifier (linux-x64, linux-arm64).
ARG TARGETARCH
WORKDIR /src

# Restore layer: only the files restore reads, so it is rebuilt only when packages or project files change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY QuickCommerce.Core/QuickCommerce.Core.csproj QuickCommerce.Core/
COPY QuickCommerce.Infrastructure/QuickCommerce.Infrastructure.csproj QuickCommerce.Infrastructure/
COPY QuickCommerce.Web/QuickCommerce.Web.csproj QuickCommerce.Web/
# Restored and published for the image's own platform: SkiaSharp (photo re-encoding) ships native
# libraries for every OS, ~470 MB with Windows debug symbols; a portable publish would copy them all.
# Only libSkiaSharp.so for this architecture lands in the image (SkiaSharp.NativeAssets.Linux.NoDependencies:
# it needs glibc alone, no fontconfig or freetype packages in the runtime image).
RUN dotnet restore QuickCommerce.Web/QuickCommerce.Web.csproj --arch "$TARGETARCH"

# Sources (.dockerignore keeps bin/obj, tests and local data out). wwwroot-sw/ is linked into the web project.
COPY . .
RUN dotnet publish QuickCommerce.Web/QuickCommerce.Web.csproj \
        --configuration Release \
        --no-restore \
        --arch "$TARGETARCH" \
        --self-contained false \
        --output /app/publish \
        -p:UseAppHost=false

# ---------------------------------------------------------------- runtime
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app

# The aspnet image already listens on 8080; stated here so the contract is visible.
ENV ASPNETCORE_HTTP_PORTS=8080

# Files stay owned by root: the app user can read, not rewrite, its own binaries.
COPY --from=build /app/publish .

# Non-root: the image's built-in `app` user (numeric, so Kubernetes runAsNonRoot can verify it).
USER $APP_UID
EXPOSE 8080

# Data Protection keys (antiforgery, auth cookies) currently live in this container's home directory and
# die with it; with several instances they must be shared (Redis or PostgreSQL) - planned, not done yet.

# No HEALTHCHECK: the runtime image has neither curl nor wget. docker-compose.yml probes /health/ready
# with bash's /dev/tcp, and Kubernetes uses httpGet probes on /health/live and /health/ready.

ENTRYPOINT ["dotnet", "QuickCommerce.Web.dll"]
