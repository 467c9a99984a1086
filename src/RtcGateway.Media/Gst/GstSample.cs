namespace RtcGateway.Media.Gst;

/// <summary>
/// One GstSample pulled from an appsink (gstsample.h), owning its reference until <see cref="Dispose"/>.
/// A struct wrapper so pulling a sample allocates nothing managed.
/// </summary>
internal readonly unsafe struct GstSample : IDisposable
{
    private readonly IntPtr _sample;

    public GstSample(IntPtr transferFull) => _sample = transferFull;

    public bool IsNull => _sample == IntPtr.Zero;

    /// <summary>The buffer PTS in the segment's time domain, ns, or null when GST_CLOCK_TIME_NONE.</summary>
    public ulong? Pts
    {
        get
        {
            IntPtr buffer = GstNative.gst_sample_get_buffer(_sample);
            if (buffer == IntPtr.Zero)
            {
                return null;
            }

            ulong pts = GstNative.BufferPts(buffer);
            return pts == GstNative.ClockTimeNone ? null : pts;
        }
    }

    /// <summary>
    /// The buffer PTS converted to pipeline running time (gst_segment_to_running_time with the sample's segment), ns;
    /// this keeps increasing across looping segment seeks. Null when the PTS is unset or outside the segment.
    /// </summary>
    public ulong? RunningTime
    {
        get
        {
            ulong? pts = Pts;
            if (pts is null)
            {
                return null;
            }

            IntPtr segment = GstNative.gst_sample_get_segment(_sample);
            if (segment == IntPtr.Zero)
            {
                return pts;
            }

            ulong rt = GstNative.gst_segment_to_running_time(segment, GstFormat.Time, pts.Value);
            return rt == GstNative.ClockTimeNone ? null : rt;
        }
    }

    /// <summary>Copies the buffer's bytes into a new array (the one copy per frame); null when it cannot be mapped.</summary>
    public byte[]? CopyData()
    {
        IntPtr buffer = GstNative.gst_sample_get_buffer(_sample);
        if (buffer == IntPtr.Zero)
        {
            return null;
        }

        GstMapInfo map;
        if (!GstNative.gst_buffer_map(buffer, &map, GstMapFlags.Read))
        {
            return null;
        }

        try
        {
            var data = new byte[checked((int)map.Size)];
            new ReadOnlySpan<byte>((void*)map.Data, data.Length).CopyTo(data);
            return data;
        }
        finally
        {
            GstNative.gst_buffer_unmap(buffer, &map);
        }
    }

    /// <summary>Reads width/height (pixels) and framerate (fraction) from the sample caps; missing fields are 0.</summary>
    public (int Width, int Height, int FpsN, int FpsD) VideoInfo()
    {
        IntPtr caps = GstNative.gst_sample_get_caps(_sample);
        if (caps == IntPtr.Zero)
        {
            return default;
        }

        IntPtr s = GstNative.gst_caps_get_structure(caps, 0);
        if (s == IntPtr.Zero)
        {
            return default;
        }

        GstNative.gst_structure_get_int(s, "width", out int w);
        GstNative.gst_structure_get_int(s, "height", out int h);
        if (!GstNative.gst_structure_get_fraction(s, "framerate", out int n, out int d))
        {
            n = 0;
            d = 1;
        }

        return (w, h, n, d);
    }

    public void Dispose()
    {
        if (_sample != IntPtr.Zero)
        {
            GstNative.gst_mini_object_unref(_sample);
        }
    }
}
