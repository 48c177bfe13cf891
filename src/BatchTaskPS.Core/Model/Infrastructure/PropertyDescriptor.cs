using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Model
{
    /// <summary>How a property's value travels on the wire (the reference's msrest type).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name the wire types (String, Int32, Int64, Double, ...) of the REST specification; they are public schema values.")]
    public enum WireType
    {
        String,
        Int32,
        Int64,
        Double,
        Boolean,
        DateTime,
        Duration,
        Enum,
        Model,
        ModelList,
        StringList,
        EnumList,
    }

    /// <summary>What a model property is: its three names, wire type, whether the reference requires it.</summary>
    public abstract class PropertyDescriptor
    {
        internal readonly byte[][] EncodedNames = new byte[3][];

        protected PropertyDescriptor(string restKey, string attributeName, string propertyName, WireType wireType)
        {
            RestKey = restKey;
            AttributeName = attributeName;
            PropertyName = propertyName;
            WireType = wireType;
            EncodedNames[(int)KeyStyle.Rest] = Encode(restKey);
            EncodedNames[(int)KeyStyle.Attribute] = Encode(attributeName);
            EncodedNames[(int)KeyStyle.Property] = Encode(propertyName);
        }

        /// <summary>The key in the service's REST JSON, such as <c>commandLine</c> or <c>readIOps</c>.</summary>
        public string RestKey { get; }

        /// <summary>The reference's attribute name, such as <c>command_line</c>.</summary>
        public string AttributeName { get; }

        /// <summary>The .NET property name, such as <c>CommandLine</c>.</summary>
        public string PropertyName { get; }

        public WireType WireType { get; }

        /// <summary>True when the reference's <c>validate()</c> reports this property when it is missing.</summary>
        public bool Required { get; internal set; }

        /// <summary>True for task properties the service owns (not accepted in an add-task body).</summary>
        public bool ServerOwned { get; internal set; }

        /// <summary>
        /// The service rule (rest-spec §3, such as <c>O1</c>) that a missing or unknown value of this property breaks,
        /// named in the validator's findings; null when none is documented.
        /// </summary>
        public string? ServiceRule { get; internal set; }

        /// <summary>
        /// For a task property a client sends (not <see cref="ServerOwned"/>), its place in the add-task body
        /// (the reference's TaskAddParameter order, which differs from the task's own order); -1 otherwise.
        /// </summary>
        internal int CreateOrder { get; set; } = -1;

        /// <summary>For enum-valued properties, the enum's type name; otherwise null.</summary>
        public string? EnumTypeName { get; internal set; }

        /// <summary>For enum-valued properties, the known values.</summary>
        public IReadOnlyList<string>? EnumValues { get; internal set; }

        /// <summary>For enums a user sets (not service-owned state), unknown values are errors.</summary>
        public bool UserSet { get; internal set; } = true;

        /// <summary>
        /// The REST API version that added this property (<c>2024-07-01.20.0</c>), or null when the oldest
        /// version this library knows already had it (<see cref="BatchApiVersions"/>).
        /// </summary>
        public string? AddedIn { get; internal set; }

        /// <summary>The REST API version that removed this property (<c>2026-10-01</c>), or null while the newest known version has it.</summary>
        public string? RemovedIn { get; internal set; }

        /// <summary>
        /// The value the service uses when the property is absent (rest-spec §3: retentionTime 7 days, maxWallClockTime
        /// unlimited, maxTaskRetryCount 0, requiredSlots 1...), of the property's value type (an enum's as its wire
        /// text); null when none is documented.
        /// </summary>
        public object? ServiceDefault { get; internal set; }

        /// <summary>For a nested object or a list of them, the property table of that type; otherwise null.</summary>
        public virtual ModelInfo? ModelType => null;

        /// <summary>For a <see cref="WireType.String"/> property: true for a secret value (a registry password).</summary>
        public virtual bool IsSecret => false;

        internal int Index { get; set; }

        /// <summary>True when the property is set on <paramref name="owner"/>, a model of this property's type.</summary>
        internal abstract bool IsSetOn(BatchModel owner);

        /// <summary>The value on <paramref name="owner"/> as a plain object (null when not set).</summary>
        internal abstract object? ValueOf(BatchModel owner);

        /// <summary>The value with secrets masked by the rules of <see cref="Redaction"/> (strings only; other values as they are).</summary>
        internal virtual object? SafeValueOf(BatchModel owner) => ValueOf(owner);

        internal string Name(KeyStyle style) => style == KeyStyle.Rest ? RestKey : style == KeyStyle.Attribute ? AttributeName : PropertyName;

        private static byte[] Encode(string key) => Encoding.UTF8.GetBytes("\"" + key + "\":");
    }

    /// <summary>Key spelling used when writing JSON or dictionaries.</summary>
    public enum KeyStyle
    {
        /// <summary>The service's REST keys (<c>commandLine</c>), as the reference's <c>serialize()</c>.</summary>
        Rest = 0,

        /// <summary>The reference's attribute names (<c>command_line</c>), as its <c>as_dict()</c>.</summary>
        Attribute = 1,

        /// <summary>The .NET property names (<c>CommandLine</c>).</summary>
        Property = 2,
    }

    /// <summary>Receives a model's values during a generic walk (validation).</summary>
    internal interface IModelVisitor
    {
        void Scalar(PropertyDescriptor p, bool isSet);

        void Enum(PropertyDescriptor p, string? value, bool isKnown);

        void Model(PropertyDescriptor p, BatchModel? value);

        // Not generic: a generic interface method costs a runtime dispatch lookup per call; a list of
        // models is an IReadOnlyList<BatchModel?> by covariance.
        void ModelList(PropertyDescriptor p, IReadOnlyList<BatchModel?>? list);

        void StringList(PropertyDescriptor p, List<string?>? list);

        void EnumList<TEnum>(PropertyDescriptor p, List<TEnum?>? list) where TEnum : struct, IBatchEnum;
    }

    /// <summary>Options that steer a write.</summary>
    internal sealed class WriteContext
    {
        public KeyStyle KeyStyle;
        public bool IncludeAdditional = true;
        public bool RedactSecrets;
    }

    /// <summary>A property of model <typeparamref name="T"/> with typed access to its value.</summary>
    internal abstract class PropertyDescriptor<T> : PropertyDescriptor
        where T : BatchModel
    {
        protected PropertyDescriptor(string restKey, string attributeName, string propertyName, WireType wireType)
            : base(restKey, attributeName, propertyName, wireType)
        {
        }

        /// <summary>Reads the value at the reader (a JSON null clears the property).</summary>
        public abstract void Read(ref Utf8JsonReader r, T owner, ReadContext ctx);

        /// <summary>
        /// The fast path's read of the value (see <see cref="PlainJsonScanner"/>): false, with the
        /// owner in an unknown state, when the value is anything the full reader has to judge.
        /// </summary>
        public abstract bool TryReadPlain(ref PlainJsonScanner s, T owner);

        public abstract bool IsSet(T owner);

        /// <summary>Writes the value (the caller has written the name).</summary>
        public abstract void Write(JsonSink sink, T owner, WriteContext wc);

        /// <summary>Writes the name and the value when the property is set: one look at the value.</summary>
        public virtual void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            if (IsSet(owner))
            {
                sink.Name(name);
                Write(sink, owner, wc);
            }
        }

        public abstract void Copy(T from, T to);

        public abstract bool ValueEquals(T a, T b);

        public abstract int ValueHash(T owner);

        public abstract void Visit(T owner, IModelVisitor visitor);

        /// <summary>The value as a plain object (for display and dictionary output).</summary>
        public abstract object? GetValue(T owner);

        internal sealed override bool IsSetOn(BatchModel owner) => IsSet((T)owner);

        internal sealed override object? ValueOf(BatchModel owner) => GetValue((T)owner);
    }

    /// <summary>Properties whose value is a scalar held in a nullable field.</summary>
    internal abstract class ScalarProperty<T, TValue> : PropertyDescriptor<T>
        where T : BatchModel
    {
        protected readonly Func<T, TValue> Get;
        protected readonly Action<T, TValue> Set;

        protected ScalarProperty(string restKey, string attributeName, string propertyName, WireType wireType, Func<T, TValue> get, Action<T, TValue> set)
            : base(restKey, attributeName, propertyName, wireType)
        {
            Get = get;
            Set = set;
        }

        public override bool IsSet(T owner) => Get(owner) != null;

        public override void Copy(T from, T to) => Set(to, Get(from));

        public override bool ValueEquals(T a, T b) => EqualityComparer<TValue>.Default.Equals(Get(a), Get(b));

        public override int ValueHash(T owner)
        {
            TValue v = Get(owner);
            return v == null ? 0 : v.GetHashCode();
        }

        public override void Visit(T owner, IModelVisitor visitor) => visitor.Scalar(this, Get(owner) != null);

        public override object? GetValue(T owner) => Get(owner);
    }

    internal sealed class StringProperty<T> : ScalarProperty<T, string?>
        where T : BatchModel
    {
        public StringProperty(string restKey, string attributeName, string propertyName, Func<T, string?> get, Action<T, string?> set)
            : base(restKey, attributeName, propertyName, WireType.String, get, set)
        {
        }

        /// <summary>True for values that must never be printed (registry password).</summary>
        public bool Secret { get; set; }

        public override bool IsSecret => Secret;

        /// <summary>True for URLs that may carry a SAS token in their query.</summary>
        public bool MayHoldSas { get; set; }

        /// <summary>
        /// For the value of a name/value pair (an environment setting, a header): the owner's name, whose
        /// meaning decides whether the value is a secret (<see cref="Redaction.IsSecretName"/>).
        /// </summary>
        public Func<T, string?>? NamedBy { get; set; }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadString(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadString(out string? value))
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.String(wc.RedactSecrets ? Redacted(Get(owner)!, owner) : Get(owner)!);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            string? value = Get(owner);
            if (value != null)
            {
                sink.Name(name);
                sink.String(wc.RedactSecrets ? Redacted(value, owner) : value);
            }
        }

        internal override object? SafeValueOf(BatchModel owner) => Get((T)owner) is string value ? Redacted(value, (T)owner) : null;

        /// <summary>The value with its secrets masked, by the rules of <see cref="Redaction"/>.</summary>
        internal string Redacted(string value, T owner) =>
            Secret || (NamedBy != null && Redaction.IsSecretName(NamedBy(owner))) ? Redaction.Mask : MayHoldSas ? Redaction.RedactUrl(value) : Redaction.RedactText(value);

        public override bool ValueEquals(T a, T b) => string.Equals(Get(a), Get(b), StringComparison.Ordinal);

        public override int ValueHash(T owner) => Get(owner) is string s ? StringComparer.Ordinal.GetHashCode(s) : 0;
    }

    internal sealed class Int32Property<T> : ScalarProperty<T, int?>
        where T : BatchModel
    {
        public Int32Property(string restKey, string attributeName, string propertyName, Func<T, int?> get, Action<T, int?> set)
            : base(restKey, attributeName, propertyName, WireType.Int32, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadInt32(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadInteger(out long value) || value < int.MinValue || value > int.MaxValue)
            {
                return false;
            }

            Set(owner, (int)value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.Number(Get(owner)!.Value);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            var v = Get(owner);
            if (v.HasValue)
            {
                sink.Name(name);
                sink.Number(v.Value);
            }
        }
    }

    internal sealed class Int64Property<T> : ScalarProperty<T, long?>
        where T : BatchModel
    {
        public Int64Property(string restKey, string attributeName, string propertyName, Func<T, long?> get, Action<T, long?> set)
            : base(restKey, attributeName, propertyName, WireType.Int64, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadInt64(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadInteger(out long value))
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.Number(Get(owner)!.Value);
    }

    internal sealed class DoubleProperty<T> : ScalarProperty<T, double?>
        where T : BatchModel
    {
        public DoubleProperty(string restKey, string attributeName, string propertyName, Func<T, double?> get, Action<T, double?> set)
            : base(restKey, attributeName, propertyName, WireType.Double, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadDouble(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadDouble(out double value))
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.Number(Get(owner)!.Value);

        // Bitwise, so that -0.0 and 0.0 are different values (both round-trip).
        public override bool ValueEquals(T a, T b)
        {
            double? x = Get(a), y = Get(b);
            return x.HasValue == y.HasValue && (!x.HasValue || BitConverter.DoubleToInt64Bits(x.Value) == BitConverter.DoubleToInt64Bits(y!.Value));
        }
    }

    internal sealed class BoolProperty<T> : ScalarProperty<T, bool?>
        where T : BatchModel
    {
        public BoolProperty(string restKey, string attributeName, string propertyName, Func<T, bool?> get, Action<T, bool?> set)
            : base(restKey, attributeName, propertyName, WireType.Boolean, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadBool(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadBool(out bool value))
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.Bool(Get(owner)!.Value);
    }

    internal sealed class DateTimeProperty<T> : ScalarProperty<T, DateTime?>
        where T : BatchModel
    {
        public DateTimeProperty(string restKey, string attributeName, string propertyName, Func<T, DateTime?> get, Action<T, DateTime?> set)
            : base(restKey, attributeName, propertyName, WireType.DateTime, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadDateTime(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadAsciiString(out ReadOnlySpan<byte> text) || DateTimeFormat.TryParse(text, out DateTime value) != null)
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.DateTime(Get(owner)!.Value);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            var v = Get(owner);
            if (v.HasValue)
            {
                sink.Name(name);
                sink.DateTime(v.Value);
            }
        }

        // Instants compare in UTC, to the tick.
        public override bool ValueEquals(T a, T b)
        {
            DateTime? x = Get(a), y = Get(b);
            return x.HasValue == y.HasValue && (!x.HasValue || ToUtc(x.Value).Ticks == ToUtc(y!.Value).Ticks);
        }

        private static DateTime ToUtc(DateTime d) => d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d;
    }

    internal sealed class DurationProperty<T> : ScalarProperty<T, TimeSpan?>
        where T : BatchModel
    {
        public DurationProperty(string restKey, string attributeName, string propertyName, Func<T, TimeSpan?> get, Action<T, TimeSpan?> set)
            : base(restKey, attributeName, propertyName, WireType.Duration, get, set)
        {
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, ctx.ReadDuration(ref r));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryReadAsciiString(out ReadOnlySpan<byte> text) || DurationFormat.TryParse(text, out TimeSpan value) != null)
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.Duration(Get(owner)!.Value);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            var v = Get(owner);
            if (v.HasValue)
            {
                sink.Name(name);
                sink.Duration(v.Value);
            }
        }
    }

    internal sealed class EnumProperty<T, TEnum> : ScalarProperty<T, TEnum?>
        where T : BatchModel
        where TEnum : struct, IBatchEnum
    {
        private readonly EnumInfo<TEnum> _info;

        public EnumProperty(string restKey, string attributeName, string propertyName, EnumInfo<TEnum> info, Func<T, TEnum?> get, Action<T, TEnum?> set)
            : base(restKey, attributeName, propertyName, WireType.Enum, get, set)
        {
            _info = info;
            EnumTypeName = info.TypeName;
            EnumValues = info.Values;
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx) => Set(owner, EnumReader.Read(ref r, ctx, _info));

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!EnumReader.TryReadPlain(ref s, _info, out TEnum value))
            {
                return false;
            }

            Set(owner, value);
            return true;
        }

        public override void Write(JsonSink sink, T owner, WriteContext wc) => sink.String(Get(owner)!.Value.Value);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            TEnum? v = Get(owner);
            if (v.HasValue)
            {
                sink.Name(name);
                sink.String(v.Value.Value);
            }
        }

        public override void Visit(T owner, IModelVisitor visitor)
        {
            TEnum? v = Get(owner);
            visitor.Enum(this, v.HasValue ? v.Value.Value : null, !v.HasValue || v.Value.IsKnown);
        }
    }

    internal static class EnumReader
    {
        public static TEnum? Read<TEnum>(ref Utf8JsonReader r, ReadContext ctx, EnumInfo<TEnum> info)
            where TEnum : struct, IBatchEnum
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    if (!r.ValueIsEscaped && info.TryMatch(r.ValueSpan, out TEnum known))
                    {
                        return known;
                    }

                    return info.FromString(ctx.DecodeString(ref r));
                default:
                    throw ctx.WrongType(ref r, "a " + info.TypeName + " value as a string");
            }
        }

        /// <summary>The fast path: a known value written exactly (anything else is left to the full reader).</summary>
        public static bool TryReadPlain<TEnum>(ref PlainJsonScanner s, EnumInfo<TEnum> info, out TEnum value)
            where TEnum : struct, IBatchEnum
        {
            value = default;
            return s.TryReadAsciiString(out ReadOnlySpan<byte> text) && info.TryMatch(text, out value);
        }
    }

    /// <summary>A property holding one nested model object.</summary>
    internal sealed class ModelProperty<T, TModel> : PropertyDescriptor<T>
        where T : BatchModel
        where TModel : BatchModel<TModel>, new()
    {
        private readonly Func<T, TModel?> _get;
        private readonly Action<T, TModel?> _set;
        private ModelInfo<TModel>? _info;

        // Kept in a field: a generic static lookup in shared generic code costs a dictionary probe per call.
        private ModelInfo<TModel> Info => _info ??= ModelInfoOf<TModel>.Value;

        public override ModelInfo ModelType => Info;

        public ModelProperty(string restKey, string attributeName, string propertyName, Func<T, TModel?> get, Action<T, TModel?> set)
            : base(restKey, attributeName, propertyName, WireType.Model)
        {
            _get = get;
            _set = set;
        }

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                _set(owner, null);
                return;
            }

            if (r.TokenType != JsonTokenType.StartObject)
            {
                throw ctx.WrongType(ref r, "an object (" + Info.TypeName + ")");
            }

            _set(owner, Info.ReadObject(ref r, ctx));
        }

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            TModel? value = Info.TryReadPlain(ref s);
            if (value == null)
            {
                return false;
            }

            _set(owner, value);
            return true;
        }

        public override bool IsSet(T owner) => _get(owner) != null;

        public override void Write(JsonSink sink, T owner, WriteContext wc) => Info.WriteObject(sink, _get(owner)!, wc);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            TModel? v = _get(owner);
            if (v != null)
            {
                sink.Name(name);
                Info.WriteObject(sink, v, wc);
            }
        }

        public override void Copy(T from, T to)
        {
            TModel? v = _get(from);
            _set(to, v == null ? null : Info.Copy(v));
        }

        public override bool ValueEquals(T a, T b)
        {
            TModel? x = _get(a), y = _get(b);
            return x == null ? y == null : y != null && Info.ValueEquals(x, y);
        }

        public override int ValueHash(T owner) => _get(owner) is TModel m ? Info.ValueHash(m) : 0;

        public override void Visit(T owner, IModelVisitor visitor) => visitor.Model(this, _get(owner));

        public override object? GetValue(T owner) => _get(owner);
    }

    /// <summary>Base for list properties: absent (null) and empty are different states, null items are kept.</summary>
    internal abstract class ListProperty<T, TItem> : PropertyDescriptor<T>
        where T : BatchModel
    {
        protected readonly Func<T, List<TItem>?> Get;
        protected readonly Action<T, List<TItem>?> Set;

        protected ListProperty(string restKey, string attributeName, string propertyName, WireType wireType, Func<T, List<TItem>?> get, Action<T, List<TItem>?> set)
            : base(restKey, attributeName, propertyName, wireType)
        {
            Get = get;
            Set = set;
        }

        protected abstract TItem ReadItem(ref Utf8JsonReader r, ReadContext ctx);

        /// <summary>The fast path's read of one item (null items are left to the full reader).</summary>
        protected abstract bool TryReadPlainItem(ref PlainJsonScanner s, out TItem item);

        protected abstract void WriteItem(JsonSink sink, TItem item, WriteContext wc);

        protected abstract TItem CopyItem(TItem item);

        protected abstract bool ItemEquals(TItem a, TItem b);

        protected abstract int ItemHash(TItem item);

        public override void Read(ref Utf8JsonReader r, T owner, ReadContext ctx)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                Set(owner, null);
                return;
            }

            if (r.TokenType != JsonTokenType.StartArray)
            {
                throw ctx.WrongType(ref r, "an array");
            }

            // Most lists hold one or two items: start small, grow as List does.
            var list = new List<TItem>(2);
            int index = 0;
            while (true)
            {
                ctx.Next(ref r);
                if (r.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                ctx.PushIndex(index++);
                list.Add(ReadItem(ref r, ctx));
                ctx.Pop();
            }

            Set(owner, list);
        }

        public override bool TryReadPlain(ref PlainJsonScanner s, T owner)
        {
            if (!s.TryConsume((byte)'['))
            {
                return false;
            }

            var list = new List<TItem>(2);
            if (!s.TryConsume((byte)']'))
            {
                do
                {
                    if (!TryReadPlainItem(ref s, out TItem item))
                    {
                        return false;
                    }

                    list.Add(item);
                }
                while (s.TryConsume((byte)','));

                if (!s.TryConsume((byte)']'))
                {
                    return false;
                }
            }

            Set(owner, list);
            return true;
        }

        public override bool IsSet(T owner) => Get(owner) != null;

        public override void Write(JsonSink sink, T owner, WriteContext wc) => WriteList(sink, Get(owner)!, wc);

        public override void WriteIfSet(JsonSink sink, T owner, WriteContext wc, byte[] name)
        {
            List<TItem>? list = Get(owner);
            if (list != null)
            {
                sink.Name(name);
                WriteList(sink, list, wc);
            }
        }

        private void WriteList(JsonSink sink, List<TItem> list, WriteContext wc)
        {
            sink.StartArray();
            for (int k = 0; k < list.Count; k++)
            {
                TItem item = list[k];
                if (item == null)
                {
                    sink.Null();
                }
                else
                {
                    WriteItem(sink, item, wc);
                }
            }

            sink.EndArray();
        }

        public override void Copy(T from, T to)
        {
            List<TItem>? list = Get(from);
            if (list == null)
            {
                Set(to, null);
                return;
            }

            var copy = new List<TItem>(list.Count);
            foreach (TItem item in list)
            {
                copy.Add(item == null ? item : CopyItem(item));
            }

            Set(to, copy);
        }

        public override bool ValueEquals(T a, T b)
        {
            List<TItem>? x = Get(a), y = Get(b);
            if (x == null || y == null)
            {
                return x == null && y == null;
            }

            if (x.Count != y.Count)
            {
                return false;
            }

            for (int k = 0; k < x.Count; k++)
            {
                TItem p = x[k], q = y[k];
                if (p == null || q == null)
                {
                    if (p != null || q != null)
                    {
                        return false;
                    }
                }
                else if (!ItemEquals(p, q))
                {
                    return false;
                }
            }

            return true;
        }

        public override int ValueHash(T owner)
        {
            List<TItem>? list = Get(owner);
            if (list == null)
            {
                return 0;
            }

            int h = 17 + list.Count;
            foreach (TItem item in list)
            {
                h = h * 31 + (item == null ? 0 : ItemHash(item));
            }

            return h;
        }

        public override object? GetValue(T owner) => Get(owner);
    }

    internal sealed class ModelListProperty<T, TModel> : ListProperty<T, TModel?>
        where T : BatchModel
        where TModel : BatchModel<TModel>, new()
    {
        private ModelInfo<TModel>? _info;

        public ModelListProperty(string restKey, string attributeName, string propertyName, Func<T, List<TModel?>?> get, Action<T, List<TModel?>?> set)
            : base(restKey, attributeName, propertyName, WireType.ModelList, get, set)
        {
        }

        private ModelInfo<TModel> Info => _info ??= ModelInfoOf<TModel>.Value;

        public override ModelInfo ModelType => Info;

        protected override TModel? ReadItem(ref Utf8JsonReader r, ReadContext ctx)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (r.TokenType != JsonTokenType.StartObject)
            {
                throw ctx.WrongType(ref r, "an object (" + Info.TypeName + ")");
            }

            return Info.ReadObject(ref r, ctx);
        }

        protected override bool TryReadPlainItem(ref PlainJsonScanner s, out TModel? item)
        {
            item = Info.TryReadPlain(ref s);
            return item != null;
        }

        protected override void WriteItem(JsonSink sink, TModel? item, WriteContext wc) => Info.WriteObject(sink, item!, wc);

        protected override TModel? CopyItem(TModel? item) => Info.Copy(item!);

        protected override bool ItemEquals(TModel? a, TModel? b) => Info.ValueEquals(a!, b!);

        protected override int ItemHash(TModel? item) => Info.ValueHash(item!);

        public override void Visit(T owner, IModelVisitor visitor) => visitor.ModelList(this, Get(owner));
    }

    internal sealed class StringListProperty<T> : ListProperty<T, string?>
        where T : BatchModel
    {
        public StringListProperty(string restKey, string attributeName, string propertyName, Func<T, List<string?>?> get, Action<T, List<string?>?> set)
            : base(restKey, attributeName, propertyName, WireType.StringList, get, set)
        {
        }

        protected override string? ReadItem(ref Utf8JsonReader r, ReadContext ctx) => ctx.ReadString(ref r);

        protected override bool TryReadPlainItem(ref PlainJsonScanner s, out string? item) => s.TryReadString(out item);

        protected override void WriteItem(JsonSink sink, string? item, WriteContext wc) => sink.String(item!);

        protected override string? CopyItem(string? item) => item;

        protected override bool ItemEquals(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

        protected override int ItemHash(string? item) => StringComparer.Ordinal.GetHashCode(item!);

        public override void Visit(T owner, IModelVisitor visitor) => visitor.StringList(this, Get(owner));
    }

    internal sealed class EnumListProperty<T, TEnum> : ListProperty<T, TEnum?>
        where T : BatchModel
        where TEnum : struct, IBatchEnum
    {
        private readonly EnumInfo<TEnum> _info;

        public EnumListProperty(string restKey, string attributeName, string propertyName, EnumInfo<TEnum> info, Func<T, List<TEnum?>?> get, Action<T, List<TEnum?>?> set)
            : base(restKey, attributeName, propertyName, WireType.EnumList, get, set)
        {
            _info = info;
            EnumTypeName = info.TypeName;
            EnumValues = info.Values;
        }

        protected override TEnum? ReadItem(ref Utf8JsonReader r, ReadContext ctx) => EnumReader.Read(ref r, ctx, _info);

        protected override bool TryReadPlainItem(ref PlainJsonScanner s, out TEnum? item)
        {
            bool known = EnumReader.TryReadPlain(ref s, _info, out TEnum value);
            item = value;
            return known;
        }

        protected override void WriteItem(JsonSink sink, TEnum? item, WriteContext wc) => sink.String(item!.Value.Value);

        protected override TEnum? CopyItem(TEnum? item) => item;

        protected override bool ItemEquals(TEnum? a, TEnum? b) => a!.Value.Equals(b!.Value);

        protected override int ItemHash(TEnum? item) => item!.Value.GetHashCode();

        public override void Visit(T owner, IModelVisitor visitor) => visitor.EnumList(this, Get(owner));
    }
}
