using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Model
{
    /// <summary>A model type's name and property table, shared by the reader, writer and validator.</summary>
    public abstract class ModelInfo
    {
        protected ModelInfo(string typeName, string newApiName)
        {
            TypeName = typeName;
            NewApiName = newApiName;
        }

        /// <summary>The reference's (msrest) type name, such as <c>TaskConstraints</c>.</summary>
        public string TypeName { get; }

        /// <summary>The type's name in the newest REST API (2025-06-01), such as <c>BatchTaskConstraints</c>.</summary>
        public string NewApiName { get; }

        public abstract IReadOnlyList<PropertyDescriptor> Properties { get; }

        internal abstract void Visit(BatchModel model, IModelVisitor visitor);

        internal abstract void WriteModel(JsonSink sink, BatchModel model, WriteContext wc);

        /// <summary>
        /// Turns this type's generated codec (<see cref="DirectCodecs"/>) on or off; off, its reads and writes run
        /// the generic loops. For the tests that compare the two (process-wide: they run alone).
        /// </summary>
        internal abstract void UseDirectCodec(bool on);

        internal abstract bool ValueEqualsModel(BatchModel a, BatchModel b);

        internal abstract int ValueHashModel(BatchModel model);

        /// <summary>Finds a property by REST key, attribute name or .NET name, ignoring case.</summary>
        public PropertyDescriptor? FindProperty(string name)
        {
            foreach (PropertyDescriptor p in Properties)
            {
                if (string.Equals(p.RestKey, name, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(p.AttributeName, name, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(p.PropertyName, name, StringComparison.OrdinalIgnoreCase))
                {
                    return p;
                }
            }

            return null;
        }
    }

    /// <summary>The property table of model <typeparamref name="T"/> and the generic read/write loops over it.</summary>
    internal sealed class ModelInfo<T> : ModelInfo
        where T : BatchModel<T>, new()
    {
        private readonly PropertyDescriptor<T>[] _properties;
        private readonly KeyTable _keys;
        private readonly Func<T> _create;
        private readonly byte[][] _quotedRestKeys; // each REST key in UTF-8 with its closing quote
        private readonly bool[] _restKeyIsAttribute;
        private DirectPlainRead<T>? _directRead; // not readonly: tests turn the codecs off to compare with the loops
        private DirectWrite<T>? _directWrite;

        public ModelInfo(string typeName, string newApiName, Func<T> create, params PropertyDescriptor<T>[] properties)
            : base(typeName, newApiName)
        {
            _create = create;
            _properties = properties;
            // An array of our own struct, not a List of tuples: the runtime's List<(string, int, bool)> is not in the
            // core's ReadyToRun image, and JIT-compiling its methods was part of a fresh process's first task (issue 16).
            var names = new KeyTable.Name[properties.Length * 2];
            int count = 0;
            for (int k = 0; k < properties.Length; k++)
            {
                PropertyDescriptor<T> p = properties[k];
                p.Index = k;
                names[count++] = new KeyTable.Name(p.AttributeName, k, true);
                if (!string.Equals(p.AttributeName, p.RestKey, StringComparison.OrdinalIgnoreCase))
                {
                    names[count++] = new KeyTable.Name(p.RestKey, k, false);
                }
            }

            _keys = new KeyTable(names, count);
            _quotedRestKeys = new byte[properties.Length][];
            _restKeyIsAttribute = new bool[properties.Length];
            for (int k = 0; k < properties.Length; k++)
            {
                _quotedRestKeys[k] = Encoding.UTF8.GetBytes(properties[k].RestKey + "\"");
                _restKeyIsAttribute[k] = string.Equals(properties[k].RestKey, properties[k].AttributeName, StringComparison.OrdinalIgnoreCase);
                if (_keys.Find(RestKey(k), out bool isAttribute) != k || isAttribute != _restKeyIsAttribute[k])
                {
                    // The shortcut in ReadObject must resolve a key exactly as the table does.
                    throw new InvalidOperationException(typeName + "." + properties[k].RestKey + ": the REST key resolves to another property.");
                }
            }

            if (properties.Length > 64)
            {
                // The fast path keeps the properties it has seen in the bits of a ulong.
                throw new InvalidOperationException(typeName + ": more than 64 properties.");
            }

            if (!DirectCodecs.Disabled)
            {
                DirectCodecs.Find(out _directRead, out _directWrite);
            }
        }

        public override IReadOnlyList<PropertyDescriptor> Properties => _properties;

        private ReadOnlySpan<byte> RestKey(int k) => new ReadOnlySpan<byte>(_quotedRestKeys[k], 0, _quotedRestKeys[k].Length - 1);

        internal PropertyDescriptor<T>[] TypedProperties => _properties;

        /// <summary>
        /// Reads an object (the reader stands on its '{'). Key rules, as the reference's from_dict:
        /// REST keys and attribute names both match, ignoring case; an attribute-name key beats a
        /// REST-key one; among case variants of one kind the first wins; a key repeated exactly
        /// takes the last value. Unknown keys are kept, in order, as raw JSON.
        /// </summary>
        [System.Runtime.CompilerServices.SkipLocalsInit]
        public T ReadObject(ref Utf8JsonReader r, ReadContext ctx)
        {
            T obj = _create();
            int count = _properties.Length;
            Span<long> seenKey = stackalloc long[count]; // where the key that set each property starts (for repeats)
            Span<byte> seenRank = stackalloc byte[count];
            seenRank.Clear();
            int next = 0;

            while (true)
            {
                ctx.Next(ref r);
                if (r.TokenType == JsonTokenType.EndObject)
                {
                    return obj;
                }

                // The key, unescaped if it needs to be.
                long keyStart = r.TokenStartIndex;
                ReadOnlySpan<byte> key;
                string? keyText = null;
                if (r.ValueIsEscaped)
                {
                    keyText = ctx.DecodeString(ref r);
                    key = Encoding.UTF8.GetBytes(keyText);
                }
                else
                {
                    key = r.ValueSpan;
                    if (key.Length > ctx.Options.MaxStringBytes)
                    {
                        ctx.DecodeString(ref r); // reports the limit
                    }
                }

                // Service JSON lists keys in the model's order, leaving out unset ones: look for the
                // exact REST key among the properties after the last one first (a length check each).
                int hit = -1;
                bool isAttribute = false;
                for (int j = next; j < _quotedRestKeys.Length; j++)
                {
                    if (_quotedRestKeys[j].Length == key.Length + 1 && key.SequenceEqual(RestKey(j)))
                    {
                        hit = j;
                        isAttribute = _restKeyIsAttribute[j];
                        break;
                    }
                }

                if (hit < 0)
                {
                    hit = _keys.Find(key, out isAttribute);
                }

                if (hit >= 0)
                {
                    next = hit + 1;
                }

                if (hit < 0)
                {
                    keyText ??= ctx.DecodeString(ref r);
                    ctx.PushName(keyText);
                    ctx.Next(ref r);
                    string raw = RawJson.Capture(ref r, ctx);
                    ctx.Pop();
                    (obj.AdditionalPropertiesOrNull ??= new AdditionalPropertyCollection()).SetTrusted(keyText, raw);
                    continue;
                }

                PropertyDescriptor<T> p = _properties[hit];
                ctx.PushName(p.RestKey);
                ctx.Next(ref r);
                byte rank = isAttribute ? (byte)2 : (byte)1;
                byte previous = seenRank[hit];
                if (previous == 0 || rank > previous || (rank == previous && ctx.SameKeyAs(seenKey[hit], key)))
                {
                    p.Read(ref r, obj, ctx);
                    seenRank[hit] = rank;
                    seenKey[hit] = keyStart;
                }
                else
                {
                    // A case variant that loses to an earlier key (or a REST key losing to an
                    // attribute name): checked for validity, then not used.
                    ctx.SkipValue(ref r);
                }

                ctx.Pop();
            }
        }

        /// <summary>
        /// The fast path for JSON as the service writes it: each key an exact REST key given once, with
        /// a value the property's plain read takes (see <see cref="PlainJsonScanner"/>), or a plain
        /// unknown key with a scalar value (kept as raw JSON, as <see cref="ReadObject"/> keeps it).
        /// Returns null at the first thing outside that (an attribute-name or case-variant key, a
        /// repeat, a null, an escaped key, an unknown key holding an object or array, invalid JSON);
        /// the caller then reads the whole input again with <see cref="ReadObject"/>, which applies
        /// every rule above. The model's generated codec (<see cref="DirectCodecs"/>) does the work
        /// when there is one; <see cref="TryReadPlainGeneric"/> is the same rules over the property table.
        /// </summary>
        public T? TryReadPlain(ref PlainJsonScanner s) => _directRead != null ? _directRead(ref s, this) : TryReadPlainGeneric(ref s);

        /// <summary>The fast path as a loop over the property table (one virtual call per property).</summary>
        internal T? TryReadPlainGeneric(ref PlainJsonScanner s)
        {
            PropertyDescriptor<T>[] props = _properties;
            if (!s.TryConsume((byte)'{'))
            {
                return null;
            }

            T obj = _create();
            if (s.TryConsume((byte)'}'))
            {
                return obj;
            }

            ulong seen = 0;
            int next = 0;
            do
            {
                int hit = ReadPlainKey(ref s, next, obj);
                if (hit == PlainKeyUnknownRead)
                {
                    continue;
                }

                if (hit < 0)
                {
                    return null;
                }

                ulong bit = 1UL << hit;
                if ((seen & bit) != 0 || !props[hit].TryReadPlain(ref s, obj))
                {
                    return null;
                }

                seen |= bit;
                next = hit + 1;
            }
            while (s.TryConsume((byte)','));

            return s.TryConsume((byte)'}') ? obj : null;
        }

        /// <summary><see cref="ReadPlainKey"/>: an unknown key whose value was read and kept.</summary>
        internal const int PlainKeyUnknownRead = -1;

        /// <summary><see cref="ReadPlainKey"/>: something the fast path leaves to the full reader.</summary>
        internal const int PlainKeyGiveUp = -2;

        /// <summary>
        /// The fast path's key (the scanner stands on its opening quote): reads the key and its colon and
        /// returns the index of the property whose exact REST key it is (the value still to read), or reads
        /// a plain unknown key's scalar value into the additional properties (<see cref="PlainKeyUnknownRead"/>),
        /// or returns <see cref="PlainKeyGiveUp"/> for anything else (an attribute name, a case variant, an
        /// unknown key holding an object or array or repeated, an escaped key, invalid JSON).
        /// </summary>
        internal int ReadPlainKey(ref PlainJsonScanner s, int next, T obj)
        {
            if (!s.TryConsume((byte)'"'))
            {
                return PlainKeyGiveUp;
            }

            // Keys come in the model's order, unset ones left out: try the REST keys after the
            // last one first, then the earlier ones, each compared in place with its closing quote.
            byte[][] quotedKeys = _quotedRestKeys;
            int hit = -1;
            for (int k = 0, j = next < quotedKeys.Length ? next : 0; k < quotedKeys.Length; k++, j = j + 1 == quotedKeys.Length ? 0 : j + 1)
            {
                if (s.TryConsumeBytes(quotedKeys[j]))
                {
                    hit = j;
                    break;
                }
            }

            ReadOnlySpan<byte> key = default;
            if ((hit < 0 && !s.TryReadKeyBody(out key)) || !s.TryConsume((byte)':'))
            {
                return PlainKeyGiveUp;
            }

            if (hit >= 0)
            {
                return hit;
            }

            // Not a REST key: an unknown property (kept as raw JSON) unless the table knows
            // it as an attribute name or a case variant, which the full reader's rules decide.
            return _keys.Find(key, out _) < 0 && TryReadPlainUnknown(ref s, key, obj) ? PlainKeyUnknownRead : PlainKeyGiveUp;
        }

        /// <summary>An unknown key (plain ASCII) with a scalar value, kept as the full reader keeps it; a repeat is left to the full reader.</summary>
        private static bool TryReadPlainUnknown(ref PlainJsonScanner s, ReadOnlySpan<byte> key, T obj)
        {
            string name = Utf8.Ascii(key);
            AdditionalPropertyCollection? extras = obj.AdditionalPropertiesOrNull;
            if ((extras != null && extras.Contains(name)) || !s.TryReadRawScalar(out string? raw))
            {
                return false;
            }

            (obj.AdditionalPropertiesOrNull ??= new AdditionalPropertyCollection()).SetTrusted(name, raw!);
            return true;
        }

        /// <summary>Writes the object with its REST (or other style's) keys; the generated codec does it when there is one.</summary>
        public void WriteObject(JsonSink sink, T obj, WriteContext wc)
        {
            if (_directWrite != null)
            {
                _directWrite(sink, obj, wc, this);
            }
            else
            {
                WriteObjectGeneric(sink, obj, wc);
            }
        }

        /// <summary>The write as a loop over the property table (one virtual call per property).</summary>
        internal void WriteObjectGeneric(JsonSink sink, T obj, WriteContext wc)
        {
            sink.StartObject();
            int style = (int)wc.KeyStyle;
            PropertyDescriptor<T>[] props = _properties;
            for (int k = 0; k < props.Length; k++)
            {
                PropertyDescriptor<T> p = props[k];
                p.WriteIfSet(sink, obj, wc, p.EncodedNames[style]);
            }

            WriteAdditional(sink, obj, wc, skipAnnotations: false);
            sink.EndObject();
        }

        /// <summary>
        /// Writes the unknown properties after the known ones (when the writer keeps them); request
        /// shapes leave out OData annotations, which belong to responses.
        /// </summary>
        internal void WriteAdditional(JsonSink sink, T obj, WriteContext wc, bool skipAnnotations)
        {
            if (!wc.IncludeAdditional || !obj.HasAdditionalProperties)
            {
                return;
            }

            AdditionalPropertyCollection extras = obj.AdditionalProperties;
            bool trusted = extras.FromReaderOnly;
            foreach (KeyValuePair<string, string> kv in extras)
            {
                // A name that a known property also answers to would make a duplicate key.
                if ((skipAnnotations && IsODataAnnotation(kv.Key)) || (!trusted && _keys.Find(Encoding.UTF8.GetBytes(kv.Key), out _) >= 0))
                {
                    continue;
                }

                sink.Name(kv.Key);
                if (wc.RedactSecrets)
                {
                    // Unknown properties follow the same rules: a secret name hides the whole value.
                    RawJson.Write(sink, Redaction.IsSecretName(kv.Key) ? "\"" + Redaction.Mask + "\"" : Redaction.RedactJson(kv.Value), compactCanonical: false);
                }
                else
                {
                    RawJson.Write(sink, kv.Value, compactCanonical: trusted);
                }
            }
        }

        internal static bool IsODataAnnotation(string name) =>
            name.StartsWith("odata.", StringComparison.Ordinal) || name.StartsWith("@odata.", StringComparison.Ordinal);

        internal override void WriteModel(JsonSink sink, BatchModel model, WriteContext wc) => WriteObject(sink, (T)model, wc);

        internal override void UseDirectCodec(bool on)
        {
            _directRead = null;
            _directWrite = null;
            if (on)
            {
                DirectCodecs.Find(out _directRead, out _directWrite);
            }
        }

        public T Copy(T source)
        {
            T copy = _create();
            foreach (PropertyDescriptor<T> p in _properties)
            {
                p.Copy(source, copy);
            }

            if (source.HasAdditionalProperties)
            {
                copy.AdditionalPropertiesOrNull = source.AdditionalPropertiesOrNull!.Copy();
            }

            return copy;
        }

        public bool ValueEquals(T a, T b)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            foreach (PropertyDescriptor<T> p in _properties)
            {
                if (!p.ValueEquals(a, b))
                {
                    return false;
                }
            }

            AdditionalPropertyCollection? x = a.HasAdditionalProperties ? a.AdditionalPropertiesOrNull : null;
            AdditionalPropertyCollection? y = b.HasAdditionalProperties ? b.AdditionalPropertiesOrNull : null;
            return x == null ? y == null : x.SameAs(y);
        }

        internal override bool ValueEqualsModel(BatchModel a, BatchModel b) => a is T x && b is T y && ValueEquals(x, y);

        internal override int ValueHashModel(BatchModel model) => ValueHash((T)model);

        public int ValueHash(T obj)
        {
            int h = 17;
            foreach (PropertyDescriptor<T> p in _properties)
            {
                h = unchecked(h * 31 + p.ValueHash(obj));
            }

            return h;
        }

        internal override void Visit(BatchModel model, IModelVisitor visitor)
        {
            var obj = (T)model;
            foreach (PropertyDescriptor<T> p in _properties)
            {
                p.Visit(obj, visitor);
            }
        }
    }

    /// <summary>
    /// Case-insensitive lookup of a UTF-8 key among a type's attribute names and REST keys, with an
    /// exact (case-sensitive) hash of the key for telling repeated keys from case variants.
    /// </summary>
    internal sealed class KeyTable
    {
        private readonly int[] _slots;
        private readonly byte[][] _lowerNames;
        private readonly int[] _propertyIndex;
        private readonly bool[] _isAttribute;
        private readonly int _mask;

        /// <summary>A key of the table: an attribute name or a REST key, and the property it names.</summary>
        internal readonly struct Name
        {
            public Name(string text, int index, bool isAttribute)
            {
                Text = text;
                Index = index;
                IsAttribute = isAttribute;
            }

            public string Text { get; }

            public int Index { get; }

            public bool IsAttribute { get; }
        }

        /// <summary>The first <paramref name="count"/> entries of <paramref name="names"/> are the table's keys.</summary>
        public KeyTable(Name[] names, int count)
        {
            int size = 8;
            while (size < count * 4)
            {
                size <<= 1;
            }

            _mask = size - 1;
            _slots = new int[size];
            _lowerNames = new byte[count][];
            _propertyIndex = new int[count];
            _isAttribute = new bool[count];
            for (int k = 0; k < count; k++)
            {
                byte[] lower = Encoding.UTF8.GetBytes(names[k].Text.ToLowerInvariant());
                _lowerNames[k] = lower;
                _propertyIndex[k] = names[k].Index;
                _isAttribute[k] = names[k].IsAttribute;
                int slot = (int)(Hash(lower) & (uint)_mask);
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & _mask;
                }

                _slots[slot] = k + 1;
            }
        }

        /// <summary>Returns the property index, or -1 for an unknown key.</summary>
        public int Find(ReadOnlySpan<byte> key, out bool isAttribute)
        {
            int slot = (int)(Hash(key) & (uint)_mask);
            while (true)
            {
                int entry = _slots[slot] - 1;
                if (entry < 0)
                {
                    isAttribute = false;
                    return -1;
                }

                if (EqualsFolded(key, _lowerNames[entry]))
                {
                    isAttribute = _isAttribute[entry];
                    return _propertyIndex[entry];
                }

                slot = (slot + 1) & _mask;
            }
        }

        private static bool EqualsFolded(ReadOnlySpan<byte> key, byte[] lower)
        {
            if (key.Length != lower.Length)
            {
                return false;
            }

            for (int i = 0; i < key.Length; i++)
            {
                byte b = key[i];
                if (b >= (byte)'A' && b <= (byte)'Z')
                {
                    b |= 0x20;
                }

                if (b != lower[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A cheap case-folded hash: the length and the first, second and last bytes (names are short).</summary>
        private static uint Hash(ReadOnlySpan<byte> key)
        {
            int n = key.Length;
            if (n == 0)
            {
                return 0;
            }

            uint h = (uint)n * 2654435761u;
            h ^= Fold(key[0]) * 40503u;
            h ^= Fold(key[n - 1]) * 9176u;
            if (n > 1)
            {
                h ^= Fold(key[1]) * 65599u;
            }

            return h ^ (h >> 15);
        }

        private static uint Fold(byte b) => b >= (byte)'A' && b <= (byte)'Z' ? (uint)(b | 0x20) : b;
    }
}
