using System.Reflection;
using System.Runtime.InteropServices;

namespace RtcGateway.Media.Tests.Gst;

/// <summary>One native import: the library name as written in the import (e.g. <c>libgstreamer-1.0.so.0</c>), the
/// exported symbol it binds, and the managed method that declares it.</summary>
internal sealed record NativeImport(string Library, string Symbol, string DeclaredBy);

/// <summary>
/// A checked-in list of exported symbols per library soname (Data/gstreamer-1.20-symbols.txt: "[soname]" section lines,
/// one symbol per line, '#' comments) and the check of an assembly's P/Invokes against it.
/// </summary>
internal sealed class NativeSymbolList
{
    private readonly Dictionary<string, HashSet<string>> _byLibrary;

    private NativeSymbolList(Dictionary<string, HashSet<string>> byLibrary) => _byLibrary = byLibrary;

    public IReadOnlyCollection<string> Libraries => _byLibrary.Keys;

    public static NativeSymbolList Parse(string text)
    {
        var byLibrary = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? current = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new HashSet<string>(StringComparer.Ordinal);
                byLibrary[line[1..^1]] = current;
                continue;
            }

            if (current is null)
            {
                throw new FormatException($"symbol '{line}' before any [library] section");
            }

            current.Add(line);
        }

        return new NativeSymbolList(byLibrary);
    }

    public bool Contains(string library, string symbol) =>
        _byLibrary.TryGetValue(library, out HashSet<string>? set) && set.Contains(symbol);

    /// <summary>
    /// Every P/Invoke of <paramref name="assembly"/> into a library whose name starts with one of
    /// <paramref name="libraryPrefixes"/>. Reads the metadata the runtime binds with: methods flagged PinvokeImpl and
    /// their DllImport pseudo-attribute (library, EntryPoint). [LibraryImport] methods are covered because the source
    /// generator emits exactly such a DllImport stub for each of them.
    /// </summary>
    public static List<NativeImport> CollectImports(Assembly assembly, params string[] libraryPrefixes)
    {
        var imports = new List<NativeImport>();
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (Type type in assembly.GetTypes())
        {
            foreach (MethodInfo method in type.GetMethods(All))
            {
                if ((method.Attributes & MethodAttributes.PinvokeImpl) == 0 || method.GetCustomAttribute<DllImportAttribute>() is not { } dll)
                {
                    continue;
                }

                if (!libraryPrefixes.Any(p => dll.Value.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                imports.Add(new NativeImport(dll.Value, dll.EntryPoint ?? method.Name, $"{type.FullName}.{method.Name}"));
            }
        }

        return imports;
    }

    /// <summary>The [LibraryImport] declarations of <paramref name="assembly"/> (library, entry point or method name).</summary>
    public static List<NativeImport> CollectLibraryImports(Assembly assembly)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return assembly.GetTypes()
            .SelectMany(t => t.GetMethods(All).Select(m => (Type: t, Method: m, Attr: m.GetCustomAttribute<LibraryImportAttribute>())))
            .Where(x => x.Attr is not null)
            .Select(x => new NativeImport(x.Attr!.LibraryName, x.Attr.EntryPoint ?? x.Method.Name, $"{x.Type.FullName}.{x.Method.Name}"))
            .ToList();
    }

    /// <summary>One message per import whose library is not in the list or whose symbol the library does not export.</summary>
    public List<string> FindMissing(IEnumerable<NativeImport> imports)
    {
        var missing = new List<string>();
        foreach (NativeImport i in imports.DistinctBy(i => (i.Library, i.Symbol)))
        {
            if (!_byLibrary.ContainsKey(i.Library))
            {
                missing.Add($"{i.Symbol} ({i.DeclaredBy}): library {i.Library} is not covered by the symbol list; add its 1.20-era symbols");
            }
            else if (!Contains(i.Library, i.Symbol))
            {
                missing.Add($"{i.Symbol} ({i.DeclaredBy}): not exported by {i.Library} in GStreamer 1.20 / GLib 2.72 (JetPack 6)");
            }
        }

        return missing;
    }
}
