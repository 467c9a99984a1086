using RtcGateway.Media.Gst;

namespace RtcGateway.Media.Tests.Gst;

/// <summary>
/// JetPack 6 (L4T r36, Ubuntu 22.04) ships GStreamer 1.20 and GLib 2.72; this machine has 1.22. Every native entry
/// point the gateway binds must exist in the older libraries, or the gateway fails with EntryPointNotFoundException on
/// the Jetson only. The reference list and how it was made: Data/gstreamer-1.20-symbols.txt (header).
/// </summary>
public class NativeSymbolCompatibilityTests
{
    private static readonly string[] GstAndGLib = ["libgst", "libglib", "libgobject"];

    private static NativeSymbolList Jetpack6Symbols() => NativeSymbolList.Parse(File.ReadAllText(
        Path.Combine(TestPaths.RepoRoot, "tests", "RtcGateway.Media.Tests", "Data", "gstreamer-1.20-symbols.txt")));

    [Fact]
    public void Every_gstreamer_and_glib_pinvoke_exists_in_gstreamer_1_20()
    {
        List<NativeImport> imports = NativeSymbolList.CollectImports(typeof(GstRuntime).Assembly, GstAndGLib);
        List<string> missing = Jetpack6Symbols().FindMissing(imports);
        Assert.True(missing.Count == 0, "P/Invokes absent from JetPack 6's GStreamer 1.20 / GLib 2.72:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Reflection_sees_every_LibraryImport_declaration()
    {
        // The check above is only as good as the collection: every [LibraryImport] must appear as a bound P/Invoke.
        var bound = NativeSymbolList.CollectImports(typeof(GstRuntime).Assembly, GstAndGLib).Select(i => (i.Library, i.Symbol)).ToHashSet();
        List<NativeImport> declared = NativeSymbolList.CollectLibraryImports(typeof(GstRuntime).Assembly)
            .Where(i => GstAndGLib.Any(p => i.Library.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(declared.Count >= 40, $"only {declared.Count} [LibraryImport] declarations found");
        Assert.DoesNotContain(declared, d => !bound.Contains((d.Library, d.Symbol)));
        Assert.Contains(("libgstreamer-1.0.so.0", "gst_version"), bound);
        Assert.Contains(("libgstvideo-1.0.so.0", "gst_video_event_new_upstream_force_key_unit"), bound);
        Assert.Contains(("libgobject-2.0.so.0", "g_signal_emit_by_name"), bound);
    }

    [Fact]
    public void Check_names_a_symbol_introduced_in_1_22_and_an_unlisted_library()
    {
        NativeSymbolList list = Jetpack6Symbols();
        NativeImport[] imports =
        [
            new("libgstreamer-1.0.so.0", "gst_init_check", "Fake.Init"),
            // Since: 1.22 (gstchildproxy.c; Debian symbols MINVER 1.22.0)
            new("libgstreamer-1.0.so.0", "gst_child_proxy_get_child_by_name_recurse", "Fake.Recurse"),
            new("libgstrtp-1.0.so.0", "gst_rtp_buffer_map", "Fake.Rtp"),
        ];

        List<string> missing = list.FindMissing(imports);

        Assert.Equal(2, missing.Count);
        Assert.Contains(missing, m => m.StartsWith("gst_child_proxy_get_child_by_name_recurse (Fake.Recurse): not exported", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("gst_rtp_buffer_map (Fake.Rtp): library libgstrtp-1.0.so.0 is not covered", StringComparison.Ordinal));
    }

    [Fact]
    public void List_keeps_1_20_api_and_drops_what_debian_records_as_1_22()
    {
        NativeSymbolList list = Jetpack6Symbols();
        Assert.True(list.Contains("libgstreamer-1.0.so.0", "gst_buffer_new_memdup")); // Since: 1.20
        Assert.True(list.Contains("libglib-2.0.so.0", "g_free"));
        // Since: 1.22 in the GStreamer documentation; Debian 12 records MINVER 1.22.0 for all of them.
        Assert.False(list.Contains("libgstreamer-1.0.so.0", "gst_child_proxy_get_child_by_name_recurse"));
        Assert.False(list.Contains("libgstbase-1.0.so.0", "gst_aggregator_set_force_live"));
        Assert.False(list.Contains("libgstbase-1.0.so.0", "gst_type_find_helper_for_data_with_caps"));
        Assert.Equal(
            ["libglib-2.0.so.0", "libgobject-2.0.so.0", "libgstapp-1.0.so.0", "libgstbase-1.0.so.0", "libgstreamer-1.0.so.0", "libgstvideo-1.0.so.0"],
            list.Libraries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_rejects_a_symbol_outside_a_section()
    {
        Assert.Throws<FormatException>(() => NativeSymbolList.Parse("# header\ngst_version\n"));
        NativeSymbolList l = NativeSymbolList.Parse("# c\n[liba.so]\n  a_sym \n\n[libb.so]\nb_sym\n");
        Assert.True(l.Contains("liba.so", "a_sym"));
        Assert.False(l.Contains("liba.so", "b_sym"));
    }
}
