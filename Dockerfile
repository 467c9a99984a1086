# RtcGateway image for NVIDIA Jetson (Orin Nano, JetPack 6 / L4T r36, arm64).
# Build on the Jetson (or with buildx for linux/arm64):
#   docker build -t rtcgateway .
# Run with the NVIDIA runtime so nvarguscamerasrc / nvv4l2h264enc / nvjpegenc are available, and host networking so
# the WebRTC UDP port (8189) and the HTTP port (8080) are reachable as announced:
#   docker run --runtime nvidia --network host --device /dev/video0 \
#     -v /tmp/argus_socket:/tmp/argus_socket rtcgateway --Gateway:Cameras:0:Source=csi:0

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/RtcGateway.Server -c Release -r linux-arm64 --self-contained false -o /out

FROM nvcr.io/nvidia/l4t-jetpack:r36.4.0
# The .NET runtime (ASP.NET Core 10) and GStreamer 1.20 (JetPack 6 ships the NVIDIA plugins in the base image).
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
      gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
      gstreamer1.0-plugins-ugly gstreamer1.0-libav \
    && curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 --runtime aspnetcore --install-dir /usr/share/dotnet \
    && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out .
EXPOSE 8080/tcp 8189/udp
ENTRYPOINT ["dotnet", "RtcGateway.Server.dll", "--urls", "http://0.0.0.0:8080"]
