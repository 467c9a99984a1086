using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Owns every configured <see cref="Camera"/>. On construction the list is validated
/// (<see cref="CameraOptionsValidator"/>); a camera with configuration problems is created in
/// <see cref="CameraState.Failed"/> with the messages (other cameras are unaffected). <see cref="StartAsync"/> starts the
/// <see cref="CameraOptions.AlwaysOn"/> cameras; the others start on their first subscriber. <see cref="StopAsync"/> /
/// <see cref="DisposeAsync"/> stop all pipelines (each reaches NULL within 2 s; cameras stop in parallel).
/// </summary>
public sealed class CameraManager : IHostedService, IAsyncDisposable
{
    private readonly Camera[] _cameras;
    private readonly Dictionary<string, Camera> _byId = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the cameras from <c>Gateway:Cameras</c> options (DI constructor).</summary>
    public CameraManager(IOptions<GatewayCameraOptions> options, IElementRegistry registry, TimeProvider time, ILoggerFactory loggerFactory)
        : this(options.Value.Cameras, registry, time, loggerFactory, File.Exists)
    {
    }

    /// <summary>Creates the cameras from a list.</summary>
    /// <param name="cameras">Camera configurations (ids default to <c>camN</c>).</param>
    /// <param name="registry">Installed GStreamer elements.</param>
    /// <param name="time">Clock source.</param>
    /// <param name="loggerFactory">Loggers (null: none).</param>
    /// <param name="fileExists">File existence check for <c>file:</c> sources (null: <see cref="File.Exists(string)"/>).</param>
    public CameraManager(IReadOnlyList<CameraOptions> cameras, IElementRegistry registry, TimeProvider time,
        ILoggerFactory? loggerFactory = null, Func<string, bool>? fileExists = null)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        loggerFactory ??= NullLoggerFactory.Instance;
        ValidationErrors = CameraOptionsValidator.Validate(cameras, fileExists ?? File.Exists);
        var list = new List<Camera>();
        for (int i = 0; i < cameras.Count; i++)
        {
            CameraOptions? options = cameras[i];
            if (options is null)
            {
                continue;
            }

            var camera = new Camera(options, registry, time, loggerFactory.CreateLogger<Camera>());
            string prefix = $"{CameraOptionsValidator.SectionPath}:{i.ToString(CultureInfo.InvariantCulture)}:";
            string[] problems = ValidationErrors.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            if (problems.Length > 0)
            {
                camera.MarkFailed($"camera {options.Id}: invalid configuration: {string.Join("; ", problems)}");
            }

            list.Add(camera);
            _byId.TryAdd(options.Id, camera);
        }

        _cameras = [.. list];
    }

    /// <summary>All cameras in configuration order (including failed ones).</summary>
    public IReadOnlyList<ICamera> Cameras => _cameras;

    /// <summary>Validation messages of the whole configuration (empty when valid), each naming its key.</summary>
    public IReadOnlyList<string> ValidationErrors { get; }

    /// <summary>Finds a camera by id (case-insensitive); false when there is none.</summary>
    public bool TryGet(string id, out ICamera? camera)
    {
        bool found = _byId.TryGetValue(id, out Camera? c);
        camera = c;
        return found;
    }

    /// <summary>Starts the AlwaysOn cameras (non-blocking: pipelines start on their worker threads).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (Camera camera in _cameras)
        {
            camera.StartIfAlwaysOn();
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops every camera in parallel (EOS, then NULL within 2 s each).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Stops every camera in parallel; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_cameras.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
