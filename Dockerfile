# RtcGateway image for NVIDIA Jetson (Orin, JetPack 6 / L4T r36.x, arm64). deploy/README.md has the full story.
# Build on the Jetson (or with buildx for linux/arm64):
#   docker build -t rtcgateway .
# Run with the NVIDIA runtime (nvarguscamerasrc / nvv4l2h264enc / nvjpegenc and their device nodes), host networking
# (the WebRTC UDP port 8189 and HTTP 8080 are reachable as announced), the Argus socket for CSI cameras, the video
# group for /dev/video*, and a volume for the data directory:
#   docker run --runtime nvidia --network host --group-add video --device /dev/video0 \
#     -v /tmp/argus_socket:/tmp/argus_socket -v rtcgateway-data:/var/lib/rtcgateway \
#     rtcgateway --Gateway:Cameras:0:Source=csi:0
# Not built on the development machine (no Docker engine there): checked by reading only.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/RtcGateway.Server -c Release -r linux-arm64 --self-contained false -o /out

FROM nvcr.io/nvidia/l4t-jetpack:r36.4.0
# The ASP.NET Core 10 runtime, and GStreamer 1.20 (Ubuntu 22.04) plugins: base/good/bad for the pipelines, -x for the
# test source's clock overlay (pango), ugly (x264enc) as the software fallback, libav for decoding clips.
# NVIDIA's accelerated plugins (nvidia-l4t-gstreamer) come with the JetPack base / the NVIDIA container runtime.
# curl serves the HEALTHCHECK.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
      gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
      gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x \
    && curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 --runtime aspnetcore --install-dir /usr/share/dotnet \
    && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && rm -rf /var/lib/apt/lists/*
# Unprivileged user in group video (/dev/video*, /dev/nvhost-*, /dev/nvmap on L4T); uid fixed so volumes keep owners.
RUN groupadd --system --gid 10001 rtcgateway \
    && useradd --system --uid 10001 --gid rtcgateway --groups video --home-dir /var/lib/rtcgateway --shell /usr/sbin/nologin rtcgateway \
    && install -d -o rtcgateway -g rtcgateway -m 0750 /var/lib/rtcgateway
WORKDIR /app
COPY --from=build /out .
ENV Gateway__DataDirectory=/var/lib/rtcgateway \
    HOME=/var/lib/rtcgateway \
    MALLOC_ARENA_MAX=2 \
    DOTNET_NOLOGO=1
VOLUME ["/var/lib/rtcgateway"]
USER rtcgateway
EXPOSE 8080/tcp 8189/udp
# Readiness: /healthz/ready answers 2xx once the gateway can serve (added by the health work; older builds only have
# /healthz). --start-period covers JIT warm-up and the first pipeline start.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS --max-time 2 http://127.0.0.1:8080/healthz/ready || exit 1
ENTRYPOINT ["dotnet", "RtcGateway.Server.dll", "--urls", "http://0.0.0.0:8080"]
