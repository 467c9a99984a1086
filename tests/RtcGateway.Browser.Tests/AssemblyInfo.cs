// Rate measurements share 2 cores with Chromium, GStreamer and the gateway: test classes run one at a time so one
// class's ten viewers do not starve another class's camera.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
