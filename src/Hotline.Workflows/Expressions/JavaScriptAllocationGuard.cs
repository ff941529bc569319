using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Hotline.Workflows.Expressions;

/// <summary>
/// Stops a script before a built-in allocates a huge string. Jint's memory limit is checked between statements,
/// so <c>'a'.repeat(4e8)</c> allocated 800 MB before it was noticed; here the built-ins whose result size the
/// script chooses (<c>repeat</c>, <c>padStart</c>, <c>padEnd</c>, <c>concat</c>, <c>replaceAll</c> with a string,
/// <c>join</c> and so every array-to-string) first work out how long the result would be and throw a
/// <c>RangeError</c> past <see cref="JavaScriptLimits.MaxStringLength"/>, as an engine does past its own maximum.
/// Arrays are bounded by Jint's <c>MaxArraySize</c>; binary buffers (<c>ArrayBuffer</c>, typed arrays), which
/// allocate their whole length at once and which no workflow expression needs, are removed.
/// </summary>
internal static class JavaScriptAllocationGuard
{
    private static readonly string[] BinaryTypes =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
        "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
    ];

    public static void Install(Engine engine, int maxLength)
    {
        foreach (var name in BinaryTypes)
            engine.Global.Delete(name);

        var strings = Prototype(engine, "String");
        Guard(engine, strings, "repeat", maxLength, (self, args) =>
        {
            var text = TypeConverter.ToString(self);
            var count = TypeConverter.ToIntegerOrInfinity(args.At(0));
            return new(text.Length * Math.Max(count, 0), text, [count]);
        });
        GuardPad(engine, strings, "padStart", maxLength);
        GuardPad(engine, strings, "padEnd", maxLength);
        Guard(engine, strings, "concat", maxLength, (self, args) =>
        {
            var text = TypeConverter.ToString(self);
            var parts = args.Select(a => (JsValue)TypeConverter.ToString(a)).ToArray();
            return new(text.Length + parts.Sum(p => (double)p.AsString().Length), text, parts);
        });
        Guard(engine, strings, "replaceAll", maxLength, (self, args) =>
        {
            if (!args.At(0).IsString() || !args.At(1).IsString())
                return new(0, self, args); // a pattern or a replacer function: left to the memory limit
            var text = TypeConverter.ToString(self);
            var search = args.At(0).AsString();
            var replacement = args.At(1).AsString();
            var matches = search.Length == 0 ? text.Length + 1 : Occurrences(text, search);
            return new(text.Length + ((double)matches * (replacement.Length - search.Length)), text, args);
        });
        Guard(engine, Prototype(engine, "Array"), "join", maxLength, (self, args) =>
        {
            var separator = args.At(0).IsUndefined() ? "," : TypeConverter.ToString(args.At(0));
            // An array-like ({length: 1e9}) joins as many separators as it claims elements.
            var length = self is ObjectInstance arrayLike and not Jint.Native.Array.ArrayInstance
                ? Math.Max(TypeConverter.ToLength(arrayLike.Get("length")) - 1, 0) * (double)separator.Length
                : EstimatedLength(self, separator.Length, maxLength, []);
            return new(length, self, [separator]);
        });
    }

    // Read before any script runs, so these are the built-ins.
    private static ObjectInstance Prototype(Engine engine, string constructor) => engine.Global.Get(constructor).AsObject().Get("prototype").AsObject();

    private static void GuardPad(Engine engine, ObjectInstance strings, string name, int maxLength) =>
        Guard(engine, strings, name, maxLength, (self, args) =>
        {
            var text = TypeConverter.ToString(self);
            var target = TypeConverter.ToLength(args.At(0));
            return new(target, text, [target, args.At(1)]);
        });

    /// <summary>
    /// Replaces <paramref name="name"/> with a function that measures first. The measure converts the arguments once and
    /// hands the converted values on, so a script's <c>toString</c> or <c>valueOf</c> is not called twice.
    /// </summary>
    private static void Guard(Engine engine, ObjectInstance prototype, string name, int maxLength, Func<JsValue, JsValue[], Call> measure)
    {
        var original = prototype.Get(name);
        prototype.FastSetProperty(name, new Jint.Runtime.Descriptors.PropertyDescriptor(
            new ClrFunction(engine, name, (self, args) =>
            {
                var call = measure(self, args);
                if (call.Length > maxLength)
                {
                    throw new JavaScriptException(
                        (Jint.Native.Error.ErrorConstructor)engine.Global.Get("RangeError"),
                        string.Create(CultureInfo.InvariantCulture, $"Invalid string length: {name} would build {call.Length:0} characters, more than the limit of {maxLength}"));
                }

                return engine.Call(original, call.This, call.Arguments);
            }, length: 1),
            writable: true,
            enumerable: false,
            configurable: true));
    }

    /// <summary>The length the built-in would produce, and the converted receiver and arguments to call it with.</summary>
    private readonly record struct Call(double Length, JsValue This, JsValue[] Arguments);

    private static int Occurrences(string text, string search)
    {
        var count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>
    /// The length of an array joined: its strings' lengths and separators, nested arrays counted once each (a shared
    /// one again at each use); stops counting once past <paramref name="maxLength"/>.
    /// </summary>
    private static double EstimatedLength(JsValue value, int separatorLength, int maxLength, Dictionary<JsValue, double> seen)
    {
        if (value.IsString())
            return value.AsString().Length;
        if (value is not Jint.Native.Array.ArrayInstance array)
            return value.IsObject() ? 0 : 24;
        if (seen.TryGetValue(array, out var known))
            return known;
        seen[array] = 0; // a cycle joins as the empty string
        var length = TypeConverter.ToLength(array.Get("length"));
        double total = length > 0 ? (length - 1) * (double)separatorLength : 0;
        for (uint i = 0; i < length && total <= maxLength; i++)
        {
            if (array.TryGetValue(i, out var element) && !element.IsNull() && !element.IsUndefined())
                total += EstimatedLength(element, 1, maxLength, seen);
        }

        seen[array] = total;
        return total;
    }
}
