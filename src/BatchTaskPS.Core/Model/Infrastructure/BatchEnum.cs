using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Model
{
    /// <summary>
    /// An extensible Batch enum value: the service adds values over time, so a value this library
    /// does not know is kept exactly as given (and reported by validation) instead of failing.
    /// </summary>
    [SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is the interface of the Batch service's extensible enums, which is what the name says; renaming a public type would break scripts that test for it.")]
    public interface IBatchEnum
    {
        /// <summary>The wire value.</summary>
        string Value { get; }

        /// <summary>True when the value is one this library knows.</summary>
        bool IsKnown { get; }
    }

    /// <summary>The known values of one extensible enum type and how to make instances of it.</summary>
    internal sealed class EnumInfo<TEnum>
        where TEnum : struct, IBatchEnum
    {
        private readonly string[] _values;
        private readonly byte[][] _utf8;
        private readonly TEnum[] _instances;
        private readonly Func<string, TEnum> _create;

        public EnumInfo(string typeName, Func<string, TEnum> create, params string[] values)
        {
            TypeName = typeName;
            _create = create;
            _values = values;
            _utf8 = new byte[values.Length][];
            _instances = new TEnum[values.Length];
            for (int k = 0; k < values.Length; k++)
            {
                _utf8[k] = Encoding.ASCII.GetBytes(values[k]);
                _instances[k] = create(values[k]);
            }
        }

        public string TypeName { get; }

        public IReadOnlyList<string> Values => _values;

        /// <summary>
        /// A value as read (FIDELITY row 28): known values match case-insensitively (they are equal to the wire
        /// value) but keep the spelling they were read with, so <c>TaskSuccess</c> is written back as
        /// <c>TaskSuccess</c>; the wire spelling itself gives the one shared instance. Unknown values are kept as given.
        /// </summary>
        public TEnum FromString(string value)
        {
            for (int k = 0; k < _values.Length; k++)
            {
                if (string.Equals(_values[k], value, StringComparison.Ordinal))
                {
                    return _instances[k];
                }
            }

            return _create(value);
        }

        /// <summary>
        /// Matches raw (unescaped) UTF-8 against the known values, ignoring letter case. The wire spelling
        /// gives the shared instance without allocating; another spelling of a known value is kept as read.
        /// </summary>
        public bool TryMatch(ReadOnlySpan<byte> utf8, out TEnum value)
        {
            for (int k = 0; k < _utf8.Length; k++)
            {
                byte[] known = _utf8[k];
                if (known.Length != utf8.Length)
                {
                    continue;
                }

                int i = 0;
                bool exact = true;
                while (i < known.Length && (known[i] | 0x20) == (utf8[i] | 0x20) && IsLetter(utf8[i]))
                {
                    exact &= known[i] == utf8[i];
                    i++;
                }

                if (i == known.Length)
                {
                    value = exact ? _instances[k] : _create(Utf8.Ascii(utf8));
                    return true;
                }
            }

            value = default;
            return false;
        }

        /// <summary>The wire spelling of a known value given in any letter case, or null for a value this library does not know.</summary>
        public string? Canonical(string value)
        {
            foreach (string v in _values)
            {
                if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }

            return null;
        }

        private static bool IsLetter(byte b) => (b | 0x20) >= (byte)'a' && (b | 0x20) <= (byte)'z';
    }
}
