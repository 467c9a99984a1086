using RtcGateway.Server;

await GatewayHost.Build(args).RunAsync().ConfigureAwait(false);
